// The quorum planner for one cluster: a pure function from the play's hosts of that cluster, the cluster's
// state and the user's caps to batches. While a batch runs its hosts are down, and so is every voter that
// was unhealthy and has not been restarted yet; a batch is allowed only if the voters left up are at least
// quorum. Order: unhealthy voters first (they are down already, restarting them costs nothing), then
// non-voters one at a time, then healthy followers, then the leader last, after leadership has been moved
// to a healthy voter outside its batch.
import { type ClusterMember, type ClusterState, type MemberId } from './cluster-state.js';
import { userBatchCap, type BatchLimits } from './batch-limits.js';
import type { ClusterOutcome, PlannedBatch, UnhealthyMember } from './cluster-plan.js';
import { countVoters, membersDownHint, quorumLostHint, quorumLostReason } from './down-members.js';
import { mapMembersToHosts } from './member-mapping.js';
import type { PlanHost } from './plan-host.js';
import { quorumNumbers, type QuorumNumbers } from './quorum-math.js';
import type { RollingMembers } from './rolling-members.js';

export interface ClusterPlanInput {
  cluster: string;
  /** The play's hosts that belong to this cluster, in play order. */
  hosts: readonly PlanHost[];
  state: ClusterState | undefined;
  limits: BatchLimits;
  /**
   * `joining`: the play grows the cluster, so each non-voter batch ends with its host promoted, and the batches
   * after it count one voter more (3 voters, then 4 with quorum 3, then 5). Default `all`: learners stay learners.
   */
  members?: RollingMembers;
}

interface HostGroups {
  unhealthyVoters: string[];
  nonVoters: string[];
  followers: string[];
  leader: string | undefined;
}

export function planCluster(input: ClusterPlanInput): ClusterOutcome {
  const { cluster, hosts, state } = input;
  const cap = userBatchCap(input.limits);
  if (state === undefined) {
    return refuse(cluster, quorumNumbers(0), [], `no state for cluster ${cluster}`, 'give its state with --cluster-state, or let quorum read it live');
  }
  const mapping = mapMembersToHosts(state.members, hosts);
  const labelOf = (member: ClusterMember): string =>
    mapping.hostByMember.get(member.id) ?? (member.name !== '' ? member.name : `member ${member.id}`);
  const causeOf = (name: string) => {
    const member = state.members.find((m) => labelOf(m) === name);
    return member !== undefined && !member.health.healthy ? member.health.cause : undefined;
  };
  const inPlay = new Set(hosts.map((host) => host.name));
  const voters = state.members.filter((member) => member.role === 'voter');
  const numbers = quorumNumbers(voters.length);
  const unhealthy: UnhealthyMember[] = state.members.flatMap((member) =>
    member.health.healthy
      ? []
      : [{ name: labelOf(member), role: member.role, reason: member.health.reason, ...(member.health.detail !== undefined ? { detail: member.health.detail } : {}), inPlay: inPlay.has(labelOf(member)) }],
  );
  const unhealthyVoterCount = voters.filter((member) => !member.health.healthy).length;
  const unreachableHosts = hosts.map((h) => h.name).filter((name) => {
    const member = mapping.memberByHost.get(name);
    return member !== undefined && !member.health.healthy && member.health.cause === 'host-unreachable';
  });
  const why = (reason: string, hint: string, unreachable: readonly string[] = unreachableHosts): ClusterOutcome =>
    refuse(cluster, numbers, unhealthy, reason, hint, unreachable);

  if (mapping.problems.length > 0) {
    return why(`cannot tell which host is which member: ${mapping.problems.join('; ')}`, 'give each host the ansible_host its member advertises, or name members after their hosts');
  }
  if (voters.length === 0) {
    return why('the cluster has no voting members', 'check that the state was captured from the right cluster');
  }
  // Down means not answering; a voter that answers without a leader is up (down-members.ts). Counted the same
  // way on every read, so that two plans of the same cluster say the same numbers.
  const count = countVoters(voters, labelOf);
  if (count.up < numbers.quorum) {
    return why(quorumLostReason(numbers, count), quorumLostHint(numbers, count));
  }
  // The leader the answering members name. One whose host is unreachable over SSH still leads (its members
  // say so): it is in no batch, but it is not "no leader".
  const leader = voters.find(
    (member) => member.id === state.leaderId && (member.health.healthy || member.health.cause === 'host-unreachable'),
  );
  if (leader === undefined) {
    const seen = count.leaderless.length > 0 ? ` (${count.leaderless.join(', ')} answer but see no leader)` : '';
    return why(
      `no leader: ${count.up} of ${numbers.voters} voters are up${seen}, and none is the elected leader`,
      'an election is under way or the members cannot reach each other on their peer port (2380): wait a few seconds and plan again; if it lasts, check the peer network between the members',
    );
  }
  if (unhealthyVoterCount > numbers.tolerance) {
    return why(
      `quorum is at risk: ${unhealthyVoterCount} of ${numbers.voters} voters are unhealthy (${unhealthy.filter((m) => m.role === 'voter').map((m) => `${m.name}: ${m.reason}`).join('; ')}), and quorum needs ${numbers.quorum} healthy`,
      quorumLostHint(numbers, { ...count, down: unhealthy.filter((m) => m.role === 'voter').map((m) => ({ name: m.name, reason: m.reason, cause: causeOf(m.name) })) }),
    );
  }

  const groups = groupHosts(hosts, mapping.memberByHost, leader.id);
  // A host unreachable over SSH cannot be restarted by the play: it stays out of the batches, counted as a voter
  // down (its member may well be running: it is not seen, so it is not counted on), and the run marks it
  // unreachable (exit 3) instead of failing it at the gate.
  const unreachable = unreachableHosts;
  groups.unhealthyVoters = groups.unhealthyVoters.filter((name) => !unreachable.includes(name));
  for (const m of unhealthy) if (unreachable.includes(m.name)) m.inPlay = false;
  const batches: PlannedBatch[] = [];
  const accept = (): ClusterOutcome => ({
    ok: true,
    plan: {
      cluster,
      ...numbers,
      members: state.members.length,
      learners: state.members.length - numbers.voters,
      unhealthy,
      leader: labelOf(leader),
      batches,
      ...(unreachable.length > 0 ? { unreachable } : {}),
    },
  });
  let downVoters = unhealthyVoterCount;
  let voterCount = numbers.voters;
  const upWhile = (takenDown: number): Pick<PlannedBatch, 'voters' | 'quorum' | 'votersUp' | 'margin'> => {
    const { quorum } = quorumNumbers(voterCount);
    const votersUp = voterCount - downVoters - takenDown;
    return { voters: voterCount, quorum, votersUp, margin: votersUp - quorum };
  };
  for (const chunk of chunks(groups.unhealthyVoters, cap)) {
    batches.push({ kind: 'restart-unhealthy', hosts: chunk, ...upWhile(0) });
    downVoters -= chunk.length;
  }
  for (const host of groups.nonVoters) {
    batches.push({ kind: 'non-voter', hosts: [host], ...upWhile(0) });
    if (input.members === 'joining') voterCount += 1;
  }
  const healthyVoters = groups.leader === undefined ? groups.followers : [...groups.followers, groups.leader];
  if (healthyVoters.length === 0) return accept();

  const quorumCap = numbers.tolerance - downVoters;
  if (quorumCap < 1) {
    const stayingDownMembers = unhealthy.filter((member) => member.role === 'voter' && !member.inPlay);
    const stayingDown = stayingDownMembers.map((m) => m.name);
    return why(
      `no healthy voter can go down: ${numbers.voters} voters, quorum ${numbers.quorum}, tolerance ${numbers.tolerance}, ` +
        `${downVoters} unhealthy and not restarted by this play (${stayingDown.join(', ') || 'none'}); ` +
        `taking one more down would leave ${numbers.voters - downVoters - 1} up`,
      stayingDown.length === 0
        ? `a cluster of ${numbers.voters} voter${numbers.voters === 1 ? '' : 's'} tolerates no member down: grow it to 3 or more voters first`
        : membersDownHint(stayingDownMembers.map((m) => ({ name: m.name, reason: m.reason, cause: causeOf(m.name) }))),
      unreachable,
    );
  }
  const size = Math.min(quorumCap, cap);
  const restartedFollowers: string[] = [];
  for (const chunk of chunks(healthyVoters, size)) {
    const holdsLeader = groups.leader !== undefined && chunk.includes(groups.leader);
    const batch: PlannedBatch = { kind: holdsLeader ? 'leader' : 'followers', hosts: chunk, ...upWhile(chunk.length) };
    if (holdsLeader) {
      const preferred = [...restartedFollowers, ...groups.unhealthyVoters];
      const target = leaderMoveTarget(state, leader.id, chunk, preferred, mapping.hostByMember, mapping.memberByHost);
      batch.moveLeader = { from: labelOf(leader), fromId: leader.id, to: labelOf(target), toId: target.id };
    }
    batches.push(batch);
    restartedFollowers.push(...chunk);
  }
  return accept();
}

function groupHosts(
  hosts: readonly PlanHost[],
  memberByHost: ReadonlyMap<string, ClusterMember>,
  leaderId: MemberId,
): HostGroups {
  const groups: HostGroups = { unhealthyVoters: [], nonVoters: [], followers: [], leader: undefined };
  for (const host of hosts) {
    const member = memberByHost.get(host.name);
    if (member === undefined || member.role === 'learner') groups.nonVoters.push(host.name);
    else if (!member.health.healthy) groups.unhealthyVoters.push(host.name);
    else if (member.id === leaderId) groups.leader = host.name;
    else groups.followers.push(host.name);
  }
  return groups;
}

/**
 * The voter to hand leadership to: the first host this play has already restarted (it has had the longest
 * to catch up, and after an upgrade it runs the new version), else a healthy voter outside the play.
 * One always exists: the leader's batch leaves at least quorum (>= 1) voters up.
 */
function leaderMoveTarget(
  state: ClusterState,
  leaderId: MemberId,
  batch: readonly string[],
  restartedInOrder: readonly string[],
  hostByMember: ReadonlyMap<MemberId, string>,
  memberByHost: ReadonlyMap<string, ClusterMember>,
): ClusterMember {
  const restarted = restartedInOrder.map((host) => memberByHost.get(host)).find((member) => member !== undefined);
  if (restarted !== undefined) return restarted;
  const untouched = state.members.find((member) => {
    const host = hostByMember.get(member.id);
    return (
      member.role === 'voter' &&
      member.health.healthy &&
      member.id !== leaderId &&
      (host === undefined || !batch.includes(host))
    );
  });
  if (untouched === undefined) {
    // Unreachable by construction; a loud guard rather than a silent wrong pick.
    throw new Error(`planner invariant broken: no voter outside the leader's batch ${batch.join(', ')}`);
  }
  return untouched;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function refuse(
  cluster: string,
  numbers: QuorumNumbers,
  unhealthy: UnhealthyMember[],
  reason: string,
  hint: string,
  unreachable: readonly string[] = [],
): ClusterOutcome {
  return { ok: false, refusal: { cluster, ...numbers, unhealthy, reason, hint, ...(unreachable.length > 0 ? { unreachable: [...unreachable] } : {}) } };
}
