import type { ClusterFingerprint } from '../plan/fingerprint.js';
import type { BatchDocument } from '../plan/plan-document.js';
import { peerUrlChange } from '../plan/staleness.js';

// "Still the same cluster", once batches of the plan have run (later in the same apply, or in the run a
// `--resume` takes over). The saved fingerprint described the cluster before the first batch; the batches
// that completed were meant to change some of its membership, and only that is forgiven:
//
// - the cluster id never changes, and no member the plan saw may leave, be renamed or move its peer URLs;
// - a member of a completed (or interrupted) batch may have gone from learner to voter (a join is promoted), and
//   a host of such a batch may be a new member (it joined);
// - every other member keeps its role.
//
// The leader and health are not part of it (staleness.ts): the leader is found again before each batch and taken
// last, and each batch goes down only if quorum stays up without it (batch-safety.ts), whatever the health now.
//
// Members are matched to batch hosts by name: a member's name is its inventory hostname (the roles' contract).

export interface BatchProgress {
  /** The saved plan's batches that completed, in order. */
  done: readonly BatchDocument[];
  /** The batch a stopped run was inside (resume only): it runs again. */
  inFlight?: BatchDocument;
}

export function clusterDrift(saved: ClusterFingerprint, live: ClusterFingerprint, progress: BatchProgress): string[] {
  const where = `cluster ${saved.cluster}`;
  if (saved.cluster_id !== live.cluster_id) return [`${where}: cluster id ${saved.cluster_id} -> ${live.cluster_id} (it is another cluster now)`];
  const touched = new Set([...progress.done.flatMap((batch) => batch.hosts), ...(progress.inFlight?.hosts ?? [])]);
  const changes: string[] = [];
  const liveById = new Map(live.members.map((member) => [member.id, member]));
  const savedIds = new Set(saved.members.map((member) => member.id));
  for (const before of saved.members) {
    const now = liveById.get(before.id);
    if (now === undefined) {
      changes.push(`${where}: ${label(before)} is no longer a member`);
      continue;
    }
    if (before.name !== '' && now.name !== before.name) changes.push(`${where}: member ${before.id} is named ${JSON.stringify(now.name)}, was ${JSON.stringify(before.name)}`);
    const promoted = touched.has(now.name) && before.role === 'learner' && now.role === 'voter';
    if (now.role !== before.role && !promoted) changes.push(`${where}: ${label(now)} is a ${now.role}, was a ${before.role}`);
    changes.push(...peerUrlChange(where, before, now));
  }
  for (const member of live.members) {
    if (savedIds.has(member.id)) continue;
    if (!touched.has(member.name)) changes.push(`${where}: ${label(member)} joined as a ${member.role}`);
  }
  return changes;
}

function label(member: { id: string; name: string }): string {
  return member.name === '' ? `member ${member.id}` : `member ${member.name} (${member.id})`;
}
