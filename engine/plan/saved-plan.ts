// The saved plan file's record: what a plan was computed from (engine version, digests of the inputs, a
// fingerprint of each cluster) next to the plan itself, so that apply can refuse a stale plan. The digests
// are computed by the caller, which knows which files make up the inventory, playbook and roles.
import { createHash } from 'node:crypto';
import type { ClusterState } from './cluster-state.js';
import { fingerprintCluster, type ClusterFingerprint } from './fingerprint.js';
import type { PlanDocument } from './plan-document.js';

/** sha256 (hex) of each input, as the caller digested it. */
export interface PlanInputDigests {
  inventory: string;
  playbook: string;
  roles: string;
  extra_vars: string;
}

/**
 * What the plan was made from, as given on `quorum plan`'s command line (paths relative to `cwd`), so that
 * `quorum apply PLANFILE` needs nothing else. The digests in `inputs` are what is checked; these only say where.
 */
export interface PlanRequestRecord {
  playbook: string;
  inventory: string[];
  extra_vars: string[];
  roles_path: string[];
  limit: string | null;
  cwd: string;
}

export interface SavedPlan {
  format: 1;
  engine_version: string;
  /** Absent in plans saved before it was recorded: apply then needs the playbook and -i given again. */
  request?: PlanRequestRecord;
  inputs: PlanInputDigests;
  fingerprints: ClusterFingerprint[];
  plan: PlanDocument;
  /** The sha256 of the file's own text (plan-seal.ts); absent in plans saved before files were sealed. */
  plan_sha256?: string;
}

/** What the saved plan is compared with at apply time. */
export type PlanBasis = Pick<SavedPlan, 'engine_version' | 'inputs' | 'fingerprints'>;

export function sha256Hex(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

export interface InputFile {
  /** Relative to the input's root, so that a checkout moved elsewhere digests the same. */
  path: string;
  content: string | Uint8Array;
}

/** One digest for a set of files: each path and content, in path order, length-prefixed so no two sets collide. */
export function digestFiles(files: readonly InputFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const content = typeof file.content === 'string' ? Buffer.from(file.content) : file.content;
    hash.update(`${Buffer.byteLength(file.path)}:${file.path}:${content.byteLength}:`);
    hash.update(content);
  }
  return hash.digest('hex');
}

export function fingerprintClusters(states: ReadonlyMap<string, ClusterState>): ClusterFingerprint[] {
  return [...states].map(([cluster, state]) => fingerprintCluster(cluster, state));
}

export function buildSavedPlan(basis: {
  engineVersion: string;
  request?: PlanRequestRecord;
  inputs: PlanInputDigests;
  states: ReadonlyMap<string, ClusterState>;
  plan: PlanDocument;
}): SavedPlan {
  return {
    format: 1,
    engine_version: basis.engineVersion,
    ...(basis.request ? { request: basis.request } : {}),
    inputs: { ...basis.inputs },
    fingerprints: fingerprintClusters(basis.states),
    plan: basis.plan,
  };
}
