// Reads a saved plan back, checking every field it will rely on, so that a truncated or hand-edited file
// gets one line per problem (file, line, key) instead of a crash halfway through an apply.
import { InputError } from '../errors.js';
import { parseJsonKeepingBigIntegers } from './json-big-integers.js';
import type { ClusterFingerprint, MemberFingerprint } from './fingerprint.js';
import {
  readArray,
  readBoolean,
  readChoice,
  readCount,
  readId,
  readInteger,
  readObject,
  readOptional,
  readRequired,
  readString,
  readStringList,
  type IssueSink,
  type JsonPath,
} from './json-fields.js';
import { issuesToDiagnostics, syntaxDiagnostic } from './json-issues.js';
import type { BatchDocument, ClusterPlanDocument, PlanDocument, PlannedChange, PlayPlanDocument } from './plan-document.js';
import type { PlanInputDigests, PlanRequestRecord, SavedPlan } from './saved-plan.js';

const HINT = 'a saved plan is written by `quorum plan --out FILE`; make it again rather than editing it';
const BATCH_KINDS = ['restart-unhealthy', 'non-voter', 'followers', 'leader'] as const;
const ROLES = ['voter', 'learner'] as const;

type Reader<T> = (value: unknown, path: JsonPath, sink: IssueSink) => T | undefined;

export function parseSavedPlan(text: string, file: string): SavedPlan {
  let document: unknown;
  try {
    document = parseJsonKeepingBigIntegers(text);
  } catch (err) {
    throw new InputError([syntaxDiagnostic(text, file, 'QUORUM_PLAN_FILE_SYNTAX', err, HINT)]);
  }
  const sink: IssueSink = [];
  const saved = readSavedPlan(document, [], sink);
  if (sink.length > 0 || saved === undefined) throw new InputError(issuesToDiagnostics(text, file, 'QUORUM_PLAN_FILE', sink));
  return saved;
}

/** Reads a list whose every item must read; undefined (with issues) when any does not. */
function listOf<T>(read: Reader<T>): Reader<T[]> {
  return (value, path, sink) => {
    const items = readArray(value, path, sink);
    if (items === undefined) return undefined;
    const out: T[] = [];
    let complete = true;
    items.forEach((item, index) => {
      const read1 = read(item, [...path, index], sink);
      if (read1 === undefined) complete = false;
      else out.push(read1);
    });
    return complete ? out : undefined;
  };
}

/** Reads an object with the given readers per key; undefined (with issues) when any required key fails. */
function objectOf<T>(fields: { [K in keyof T]-?: Reader<T[K]> }, optional: readonly (keyof T)[] = []): Reader<T> {
  return (value, path, sink) => {
    const object = readObject(value, path, sink);
    if (object === undefined) return undefined;
    const out: Partial<T> = {};
    let complete = true;
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const read = fields[key];
      const isOptional = optional.includes(key);
      const valueRead = isOptional ? readOptional(object, key, path, sink, read) : readRequired(object, key, path, sink, read);
      const absent = !(key in object) || object[key] === null;
      if (valueRead === undefined) complete = complete && isOptional && absent;
      else out[key] = valueRead;
    }
    return complete ? (out as T) : undefined;
  };
}

const readFormat: Reader<1> = (value, path, sink) => {
  const format = readCount(value, path, sink);
  if (format === 1) return 1;
  if (format !== undefined) sink.push({ path, message: `format ${format} is not one this quorum reads (1)`, hint: HINT });
  return undefined;
};

const readDigest: Reader<string> = (value, path, sink) => {
  const digest = readString(value, path, sink);
  if (digest === undefined || /^[0-9a-f]{64}$/.test(digest)) return digest;
  sink.push({ path, message: 'expected a sha256 digest (64 hex digits)', hint: HINT });
  return undefined;
};

const readNullableId: Reader<string | null> = (value, path, sink) => (value === null ? null : readId(value, path, sink));
const readNullableString: Reader<string | null> = (value, path, sink) =>
  value === null ? null : readString(value, path, sink);

const readReasons: Reader<{ [name: string]: string }> = (value, path, sink) => {
  const object = readObject(value, path, sink);
  if (object === undefined) return undefined;
  const out: { [name: string]: string } = {};
  for (const [name, reason] of Object.entries(object)) {
    const text = readString(reason, [...path, name], sink);
    if (text !== undefined) out[name] = text;
  }
  return out;
};

const readMember = objectOf<MemberFingerprint>({ id: readId, name: readString, role: readChoice(ROLES), healthy: readBoolean, peer_urls: readStringList }, ['peer_urls']);
const readFingerprint = objectOf<ClusterFingerprint>({
  cluster: readString,
  cluster_id: readId,
  leader_id: readNullableId,
  members: listOf(readMember),
});
const readInputs = objectOf<PlanInputDigests>({
  inventory: readDigest,
  playbook: readDigest,
  roles: readDigest,
  extra_vars: readDigest,
});
const readMoveLeader = objectOf<NonNullable<BatchDocument['move_leader']>>({ from: readString, to: readString, to_id: readId });
const readBatch = objectOf<BatchDocument>(
  {
    kind: readChoice(BATCH_KINDS),
    hosts: readStringList,
    voters: readCount,
    quorum: readCount,
    voters_up: readCount,
    margin: readInteger,
    move_leader: readMoveLeader,
  },
  // A plan saved before batches carried their own voters and quorum gives the cluster's (savedBatch below).
  ['move_leader', 'voters', 'quorum'],
);
const readClusterPlan = objectOf<ClusterPlanDocument>({
  name: readString,
  members: readCount,
  voters: readCount,
  quorum: readCount,
  tolerance: readCount,
  unhealthy: readStringList,
  unhealthy_reasons: readReasons,
  leader: readNullableString,
  batches: listOf(readBatch),
  unreachable: readStringList,
}, ['unreachable']);
const readChange = objectOf<PlannedChange>({ host: readString, task: readString, module: readString, summary: readString });
const readPlay = objectOf<PlayPlanDocument>({
  name: readString,
  hosts: readStringList,
  clusters: listOf(readClusterPlan),
  changes: listOf(readChange),
});
const readPlan = objectOf<PlanDocument>({ format: readFormat, plays: listOf(readPlay) });
const readRequest = objectOf<PlanRequestRecord>({
  playbook: readString,
  inventory: readStringList,
  extra_vars: readStringList,
  roles_path: readStringList,
  limit: readNullableString,
  cwd: readString,
});
const readSavedPlan = objectOf<SavedPlan>(
  {
    format: readFormat,
    engine_version: readString,
    request: readRequest,
    inputs: readInputs,
    fingerprints: listOf(readFingerprint),
    plan: readPlan,
    plan_sha256: readDigest,
  },
  ['request', 'plan_sha256'],
);
