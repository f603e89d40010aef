import { parseJsonKeepingBigIntegers } from '../../plan/json-big-integers.js';
import { memberIdFromHex } from './member-ids.js';
import {
  formatJsonPath,
  readArray,
  readBoolean,
  readId,
  readObject,
  readOptional,
  readRequired,
  readString,
  readStringList,
  type IssueSink,
  type JsonObject as UncheckedObject,
  type JsonPath,
} from '../../plan/json-fields.js';

// Reads what `etcdctl member list|add -w json` prints. Ids stay decimal strings (they exceed 2^53); etcdctl
// omits false and empty fields, so a member with no `name` has never started and one with no `isLearner`
// is a voter.

export interface EtcdMember {
  /** Decimal. */
  id: string;
  /** Empty until the member has started once. */
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

export interface Membership {
  /** Decimal. */
  clusterId: string;
  members: EtcdMember[];
}

export interface MemberAddReply extends Membership {
  added: EtcdMember;
}

function readMember(value: unknown, path: JsonPath, sink: IssueSink): EtcdMember | undefined {
  const object = readObject(value, path, sink);
  if (!object) return undefined;
  const id = readRequired(object, 'ID', path, sink, readId);
  if (id === undefined) return undefined;
  return {
    id,
    name: readOptional(object, 'name', path, sink, readString) ?? '',
    peerUrls: readOptional(object, 'peerURLs', path, sink, readStringList) ?? [],
    clientUrls: readOptional(object, 'clientURLs', path, sink, readStringList) ?? [],
    isLearner: readOptional(object, 'isLearner', path, sink, readBoolean) ?? false,
  };
}

function readMembership(object: UncheckedObject, sink: IssueSink): Membership | undefined {
  const header = readRequired(object, 'header', [], sink, readObject);
  const clusterId = header ? readRequired(header, 'cluster_id', ['header'], sink, readId) : undefined;
  const list = readRequired(object, 'members', [], sink, readArray) ?? [];
  const members = list.flatMap((m, i) => readMember(m, ['members', i], sink) ?? []);
  return clusterId === undefined ? undefined : { clusterId, members };
}

function parseObject(text: string, sink: IssueSink): UncheckedObject | undefined {
  const trimmed = text.trim();
  if (trimmed === '') {
    sink.push({ path: [], message: 'etcdctl printed nothing' });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingBigIntegers(trimmed);
  } catch (error) {
    sink.push({ path: [], message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  }
  return readObject(parsed, [], sink);
}

function describeIssues(what: string, sink: IssueSink): Error {
  const first = sink[0]!;
  return new Error(`could not read etcdctl ${what} output: ${formatJsonPath(first.path)}: ${first.message}`);
}

/** `etcdctl member list -w json` (also what promote and remove are followed by). Throws naming the bad key. */
export function parseMemberList(text: string): Membership {
  const sink: IssueSink = [];
  const object = parseObject(text, sink);
  const membership = object && readMembership(object, sink);
  if (!membership || sink.length > 0) throw describeIssues('member list', sink);
  return membership;
}

/** `etcdctl member add NAME --peer-urls=... [--learner] -w json`: the new member and the list with it. */
export function parseMemberAdd(text: string): MemberAddReply {
  const sink: IssueSink = [];
  const object = parseObject(text, sink);
  const membership = object && readMembership(object, sink);
  const added = object && readRequired(object, 'member', [], sink, readMember);
  if (!membership || !added || sink.length > 0) throw describeIssues('member add', sink);
  return { ...membership, added };
}

/**
 * The plain `member add` reply (`Member 740cbd5ea8babfda added to cluster 1a685858858ae4bb`): hex ids. Read
 * when a member was added by hand or by a script that did not ask for JSON.
 */
export function parseMemberAddText(text: string): { memberId: string; clusterId: string } | undefined {
  // etcdctl prints the ids with %16x: an id below 2^60 is padded with spaces (`Member  c5f0ff0d3086175 added`).
  const match = /Member +([0-9a-f]{1,16}) added to cluster +([0-9a-f]{1,16})/.exec(text);
  if (!match) return undefined;
  return { memberId: memberIdFromHex(match[1]!), clusterId: memberIdFromHex(match[2]!) };
}
