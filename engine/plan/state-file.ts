// Reads a captured cluster state: {"members": <etcdctl member list -w json>, "endpoints": <etcdctl endpoint
// status --cluster -w json>}, exactly as etcdctl prints them. Ids are decimal numbers above 2^53, so the text
// is parsed without losing digits (json-big-integers.ts) and ids stay decimal strings. etcdctl omits false and zero fields (isLearner,
// raftAppliedIndex, ...), so an absent field means its zero value. A member with no endpoint entry did not
// answer; one whose status carries `errors` (an alarm such as NOSPACE) is not fit to serve: both are unhealthy.
import { InputError } from '../errors.js';
import { parseJsonKeepingBigIntegers } from './json-big-integers.js';
import {
  agreedLeader,
  NO_LEADER,
  type ClusterMember,
  type ClusterState,
  type MemberHealth,
  type MemberId,
  type MemberStatus,
} from './cluster-state.js';
import {
  readArray,
  readBoolean,
  readCount,
  readId,
  readObject,
  readOptional,
  readRequired,
  readString,
  readStringList,
  type IssueSink,
  type JsonObject,
  type JsonPath,
} from './json-fields.js';
import { issuesToDiagnostics, syntaxDiagnostic } from './json-issues.js';

const TOP_LEVEL_KEYS = ['members', 'endpoints'] as const;
const STATE_FILE_HINT = 'a state file is {"members": <etcdctl member list -w json>, "endpoints": <etcdctl endpoint status --cluster -w json>}';

interface WrittenMember {
  id: MemberId;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

interface WrittenEndpoint {
  endpoint: string;
  clusterId: MemberId | undefined;
  memberId: MemberId | undefined;
  status: MemberStatus;
  errors: string[];
  path: JsonPath;
}

/** Parses the text of a state file; `file` is the name used in messages. Throws InputError naming file and key. */
export function parseClusterStateText(text: string, file: string): ClusterState {
  let document: unknown;
  try {
    document = parseJsonKeepingBigIntegers(text);
  } catch (err) {
    throw new InputError([syntaxDiagnostic(text, file, 'QUORUM_STATE_FILE_SYNTAX', err, STATE_FILE_HINT)]);
  }
  const sink: IssueSink = [];
  const state = readState(document, file, sink);
  if (sink.length > 0 || state === undefined) {
    throw new InputError(issuesToDiagnostics(text, file, 'QUORUM_STATE_FILE', sink));
  }
  return state;
}

function readState(document: unknown, file: string, sink: IssueSink): ClusterState | undefined {
  const top = readObject(document, [], sink);
  if (top === undefined) return undefined;
  for (const key of Object.keys(top)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      sink.push({ path: [key], message: `unknown key "${key}"`, hint: STATE_FILE_HINT });
    }
  }
  const memberList = readRequired(top, 'members', [], sink, readObject);
  const header = memberList && readRequired(memberList, 'header', ['members'], sink, readObject);
  const clusterId = header && readRequired(header, 'cluster_id', ['members', 'header'], sink, readId);
  const writtenMembers = memberList && readRequired(memberList, 'members', ['members'], sink, readMembers);
  const endpoints = readRequired(top, 'endpoints', [], sink, readEndpoints) ?? [];
  if (clusterId === undefined || writtenMembers === undefined) return undefined;

  const memberIds = new Set(writtenMembers.map((member) => member.id));
  const endpointByMember = new Map<MemberId, WrittenEndpoint>();
  for (const endpoint of endpoints) {
    if (endpoint.clusterId !== undefined && endpoint.clusterId !== clusterId) {
      sink.push({
        path: [...endpoint.path, 'Status', 'header', 'cluster_id'],
        message: `cluster ${endpoint.clusterId} is not this cluster (${clusterId})`,
        hint: 'capture members and endpoints from the same cluster',
      });
    }
    const memberId = endpoint.memberId ?? memberIdByClientUrl(writtenMembers, endpoint.endpoint);
    if (memberId === undefined || !memberIds.has(memberId)) {
      sink.push({
        path: [...endpoint.path, 'Status', 'header', 'member_id'],
        message: `endpoint ${endpoint.endpoint} is member ${memberId ?? '(unknown)'}, which is not in members.members`,
        hint: 'capture members and endpoints at the same time',
      });
      continue;
    }
    // Several endpoints of one member (by name and by address): a healthy answer outweighs an unhealthy one.
    const known = endpointByMember.get(memberId);
    if (known === undefined || (known.errors.length > 0 && endpoint.errors.length === 0)) {
      endpointByMember.set(memberId, endpoint);
    }
  }
  const members = writtenMembers.map((member) => toMember(member, endpointByMember.get(member.id)));
  return { clusterId, members, leaderId: agreedLeader(members), source: file };
}

function toMember(member: WrittenMember, endpoint: WrittenEndpoint | undefined): ClusterMember {
  let health: MemberHealth;
  if (endpoint === undefined) {
    health = { healthy: false, reason: 'no endpoint status (it did not answer)' };
  } else if (endpoint.errors.length > 0) {
    health = { healthy: false, reason: `its status reports errors: ${endpoint.errors.join('; ')}` };
  } else {
    health = { healthy: true, status: endpoint.status };
  }
  return {
    id: member.id,
    name: member.name,
    peerUrls: member.peerUrls,
    clientUrls: member.clientUrls,
    role: member.isLearner ? 'learner' : 'voter',
    health,
  };
}

function memberIdByClientUrl(members: readonly WrittenMember[], endpoint: string): MemberId | undefined {
  const bare = endpoint.replace(/^[a-z]+:\/\//, '');
  return members.find((member) => member.clientUrls.some((url) => url.replace(/^[a-z]+:\/\//, '') === bare))?.id;
}

function readMembers(value: unknown, path: JsonPath, sink: IssueSink): WrittenMember[] | undefined {
  const items = readArray(value, path, sink);
  if (items === undefined) return undefined;
  const members: WrittenMember[] = [];
  const seen = new Set<MemberId>();
  items.forEach((item, index) => {
    const itemPath = [...path, index];
    const object = readObject(item, itemPath, sink);
    if (object === undefined) return;
    const id = readRequired(object, 'ID', itemPath, sink, readId);
    const peerUrls = readRequired(object, 'peerURLs', itemPath, sink, readStringList);
    const name = readOptional(object, 'name', itemPath, sink, readString) ?? '';
    const clientUrls = readOptional(object, 'clientURLs', itemPath, sink, readStringList) ?? [];
    const isLearner = readOptional(object, 'isLearner', itemPath, sink, readBoolean) ?? false;
    if (id === undefined || peerUrls === undefined) return;
    if (seen.has(id)) {
      sink.push({ path: [...itemPath, 'ID'], message: `member ${id} is listed twice` });
      return;
    }
    seen.add(id);
    members.push({ id, name, peerUrls, clientUrls, isLearner });
  });
  return members;
}

function readEndpoints(value: unknown, path: JsonPath, sink: IssueSink): WrittenEndpoint[] | undefined {
  const items = readArray(value, path, sink);
  if (items === undefined) return undefined;
  const endpoints: WrittenEndpoint[] = [];
  items.forEach((item, index) => {
    const itemPath = [...path, index];
    const object = readObject(item, itemPath, sink);
    if (object === undefined) return;
    const endpoint = readRequired(object, 'Endpoint', itemPath, sink, readString);
    const status = readRequired(object, 'Status', itemPath, sink, readObject);
    if (endpoint === undefined || status === undefined) return;
    const read = readStatus(status, [...itemPath, 'Status'], sink);
    if (read !== undefined) endpoints.push({ endpoint, ...read, path: itemPath });
  });
  return endpoints;
}

function readStatus(
  status: JsonObject,
  path: JsonPath,
  sink: IssueSink,
): Omit<WrittenEndpoint, 'endpoint' | 'path'> | undefined {
  const header = readOptional(status, 'header', path, sink, readObject);
  const headerPath = [...path, 'header'];
  const clusterId = header && readOptional(header, 'cluster_id', headerPath, sink, readId);
  const memberId = header && readOptional(header, 'member_id', headerPath, sink, readId);
  const before = sink.length;
  const memberStatus: MemberStatus = {
    leaderId: readOptional(status, 'leader', path, sink, readId) ?? NO_LEADER,
    raftIndex: readOptional(status, 'raftIndex', path, sink, readCount) ?? 0,
    raftAppliedIndex: readOptional(status, 'raftAppliedIndex', path, sink, readCount) ?? 0,
    raftTerm: readOptional(status, 'raftTerm', path, sink, readCount) ?? 0,
    version: readOptional(status, 'version', path, sink, readString) ?? '',
  };
  const errors = readOptional(status, 'errors', path, sink, readStringList) ?? [];
  if (sink.length > before) return undefined;
  return { clusterId, memberId, status: memberStatus, errors };
}
