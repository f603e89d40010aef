import type { ClusterFingerprint, MemberFingerprint } from '../plan/fingerprint.js';
import type { BatchDocument } from '../plan/plan-document.js';

// "Still the same cluster", once batches of the plan have run (later in the same apply, or in the run a
// `--resume` takes over). The saved fingerprint described the cluster before the first batch; the batches
// that completed were meant to change some of it, and only that is forgiven:
//
// - the cluster id never changes, and no member the plan saw may leave;
// - a member of a completed batch must be healthy now (its gate passed; if it is down again, the margins of the
//   batches left are smaller than planned); it may have gone from learner to voter (a join is promoted), and a
//   host of a completed batch may have become a new member (it joined);
// - a member of the batch a stopped run was inside may be in any health: that batch runs again;
// - every other member keeps its id, name, role and health;
// - the leader stays the saved one, unless a completed (or interrupted) batch moved leadership or restarted the
//   leader: then any leader will do, as long as there is one.
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
  const done = new Set(progress.done.flatMap((batch) => batch.hosts));
  const inFlight = new Set(progress.inFlight?.hosts ?? []);
  const changes: string[] = [];
  const liveById = new Map(live.members.map((member) => [member.id, member]));
  const savedIds = new Set(saved.members.map((member) => member.id));
  for (const before of saved.members) {
    const now = liveById.get(before.id);
    if (now === undefined) {
      changes.push(`${where}: ${label(before)} is no longer a member`);
      continue;
    }
    if (now.name !== before.name) changes.push(`${where}: member ${before.id} is named ${JSON.stringify(now.name)}, was ${JSON.stringify(before.name)}`);
    const touched = done.has(now.name) || inFlight.has(now.name);
    const promoted = touched && before.role === 'learner' && now.role === 'voter';
    if (now.role !== before.role && !promoted) changes.push(`${where}: ${label(now)} is a ${now.role}, was a ${before.role}`);
    if (done.has(now.name)) {
      if (!now.healthy) changes.push(`${where}: ${label(now)} completed its batch but is unhealthy now`);
    } else if (!inFlight.has(now.name) && now.healthy !== before.healthy) {
      changes.push(`${where}: ${label(now)} is ${health(now)}, was ${health(before)}`);
    }
  }
  for (const member of live.members) {
    if (savedIds.has(member.id)) continue;
    const joinedHere = done.has(member.name) || inFlight.has(member.name);
    if (!joinedHere) changes.push(`${where}: ${label(member)} joined as a ${member.role}`);
  }
  changes.push(...leaderChange(saved, live, progress));
  return changes;
}

function leaderChange(saved: ClusterFingerprint, live: ClusterFingerprint, progress: BatchProgress): string[] {
  const where = `cluster ${saved.cluster}`;
  const savedLeader = saved.members.find((member) => member.id === saved.leader_id);
  const touchedBatches = [...progress.done, ...(progress.inFlight ? [progress.inFlight] : [])];
  const moved = touchedBatches.some(
    (batch) => batch.move_leader !== undefined || (savedLeader !== undefined && batch.hosts.includes(savedLeader.name)),
  );
  if (live.leader_id === null) return [`${where}: no leader now`];
  if (moved || live.leader_id === saved.leader_id) return [];
  const nameOf = (id: string | null, members: readonly MemberFingerprint[]) =>
    id === null ? 'none' : label(members.find((member) => member.id === id) ?? { id, name: '' });
  return [`${where}: leader ${nameOf(saved.leader_id, saved.members)} -> ${nameOf(live.leader_id, live.members)}`];
}

function label(member: Pick<MemberFingerprint, 'id' | 'name'>): string {
  return member.name === '' ? `member ${member.id}` : `member ${member.name} (${member.id})`;
}

function health(member: MemberFingerprint): string {
  return member.healthy ? 'healthy' : 'unhealthy';
}
