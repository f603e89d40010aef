// The one in-memory shape of an etcd cluster's state. The state-file reader (an `etcdctl` capture) and the
// live reader (etcd3, over SSH) both produce it, so that the planner never knows where a state came from.

/** A member or cluster id as etcd prints it: a decimal integer above 2^53, so it is kept as text. */
export type MemberId = string;

/** etcd's "no leader" id. */
export const NO_LEADER: MemberId = '0';

export type MemberRole = 'voter' | 'learner';

/** What a member said when its status was read. */
export interface MemberStatus {
  leaderId: MemberId;
  raftIndex: number;
  raftAppliedIndex: number;
  raftTerm: number;
  version: string;
}

/**
 * Why a member is down, when the live reader could tell (engine/etcd/call-failure.ts); captured states have
 * none. The planner reads it: a host unreachable over SSH cannot be restarted by the play, and the advice on a
 * lost quorum depends on how many members are merely stopped.
 */
export type MemberDownCause = 'host-unreachable' | 'not-running' | 'no-answer' | 'no-leader' | 'tls' | 'alarm' | 'not-started' | 'not-mapped' | 'error';

export type MemberHealth =
  | { healthy: true; status: MemberStatus }
  | {
      healthy: false;
      /** In words: `etcd not running (connection refused on 10.0.0.4:2379)`, `host unreachable over SSH (...)`. */
      reason: string;
      cause?: MemberDownCause;
      /** The raw error text behind the words, shown at -vvv only. */
      detail?: string;
    };

export interface ClusterMember {
  id: MemberId;
  /** Empty for a member that was added but has never started (etcd learns the name at first start). */
  name: string;
  peerUrls: readonly string[];
  clientUrls: readonly string[];
  role: MemberRole;
  health: MemberHealth;
}

export interface ClusterState {
  clusterId: MemberId;
  members: readonly ClusterMember[];
  /** The leader the healthy members report, or undefined when none is elected (or none answered). */
  leaderId: MemberId | undefined;
  /** Where this state came from, for messages: a file name, or the endpoints that were read live. */
  source: string;
}

/**
 * The leader most healthy members agree on. Members briefly disagree during an election; the majority view
 * is the one that will stand, and ties go to the lowest id so that the answer never depends on input order.
 */
export function agreedLeader(members: readonly ClusterMember[]): MemberId | undefined {
  const votes = new Map<MemberId, number>();
  for (const member of members) {
    if (!member.health.healthy) continue;
    const leader = member.health.status.leaderId;
    if (leader === NO_LEADER) continue;
    votes.set(leader, (votes.get(leader) ?? 0) + 1);
  }
  let best: MemberId | undefined;
  let bestVotes = 0;
  for (const [leader, count] of votes) {
    if (count > bestVotes || (count === bestVotes && best !== undefined && compareIds(leader, best) < 0)) {
      best = leader;
      bestVotes = count;
    }
  }
  return best;
}

/** Orders decimal ids numerically without converting them to (lossy) numbers. */
export function compareIds(a: MemberId, b: MemberId): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** How a member is named in messages when no inventory host stands for it. */
export function memberLabel(member: Pick<ClusterMember, 'id' | 'name'>): string {
  return member.name === '' ? `member ${member.id} (not started)` : `member ${member.name} (${member.id})`;
}
