// The leader is always taken last, whoever leads when the batches run. A plan names the leader of the moment it
// was made, and elections happen (a restart, a slow disk, a network blip): so before each batch the rolling play
// reads the cluster again and, if the leader now sits in a batch that is not the last, swaps it with a host of
// the last batch (batch sizes, and so every margin, stay as planned), and moves leadership away just before the
// batch that holds the leader. Pure: the rolling play reads the state and says how the order moved.
import { type ClusterMember, type ClusterState, NO_LEADER } from './cluster-state.js';
import type { PlannedBatch } from './cluster-plan.js';
import { mapMembersToHosts } from './member-mapping.js';
import type { PlanHost } from './plan-host.js';

export interface LeaderOrder {
  /** The batches, the ones before `index` unchanged. */
  batches: PlannedBatch[];
  /** How the order moved, in words; undefined when it did not. */
  moved?: string;
}

const healthyVoter = (member: ClusterMember | undefined): member is ClusterMember =>
  member !== undefined && member.role === 'voter' && member.health.healthy;

export function keepLeaderLast(batches: readonly PlannedBatch[], index: number, state: ClusterState, hosts: readonly PlanHost[]): LeaderOrder {
  const out = batches.map((b, i) => (i < index ? b : { ...b, hosts: [...b.hosts] }));
  // Leadership moves are decided now, from the leader of now; none is kept from the plan.
  for (let i = index; i < out.length; i++) delete out[i]!.moveLeader;
  const { memberByHost, hostByMember } = mapMembersToHosts(state.members, hosts);
  const leaderId = state.leaderId;
  const leaderHost = leaderId === undefined || leaderId === NO_LEADER ? undefined : hostByMember.get(leaderId);
  if (leaderHost === undefined) return { batches: out };
  let at = out.findIndex((b, i) => i >= index && b.hosts.includes(leaderHost));
  if (at < 0) return { batches: out };
  const planned = out.slice(index).find((b) => b.kind === 'leader')?.hosts.find((h) => h !== leaderHost);
  let moved: string | undefined;
  let last = at;
  for (let i = out.length - 1; i > at; i--) {
    if (out[i]!.kind !== 'non-voter') {
      last = i;
      break;
    }
  }
  if (last !== at) {
    const candidates = out[last]!.hosts.filter((h) => h !== leaderHost);
    const swap = candidates.find((h) => h === planned) ?? candidates.find((h) => healthyVoter(memberByHost.get(h))) ?? candidates[0];
    if (swap !== undefined) {
      const from = out[at]!;
      const to = out[last]!;
      from.hosts[from.hosts.indexOf(leaderHost)] = swap;
      to.hosts[to.hosts.indexOf(swap)] = leaderHost;
      if (from.kind === 'leader') from.kind = 'followers';
      to.kind = 'leader';
      moved =
        `${leaderHost} leads now${planned !== undefined ? ` (the plan took ${planned} last)` : ''}: ${leaderHost} moves to batch ${last + 1} of ${out.length}, ` +
        `the last, and ${swap} takes its place in batch ${at + 1}`;
      at = last;
    }
  }
  if (at === index) {
    // The batch about to go down holds the leader: hand leadership to a voter that stays up, preferring one
    // this play already restarted (it has had the longest to catch up, and runs the new version).
    const batch = out[at]!;
    const restarted = out.slice(0, at).flatMap((b) => b.hosts).map((h) => memberByHost.get(h));
    const target =
      restarted.find((m) => healthyVoter(m) && m.id !== leaderId) ??
      state.members.find((m) => healthyVoter(m) && m.id !== leaderId && !batch.hosts.includes(hostByMember.get(m.id) ?? ''));
    if (target !== undefined) {
      batch.moveLeader = { from: leaderHost, fromId: leaderId!, to: hostByMember.get(target.id) ?? (target.name || `member ${target.id}`), toId: target.id };
    }
  }
  return { batches: out, ...(moved !== undefined ? { moved } : {}) };
}
