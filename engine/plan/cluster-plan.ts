// What the planner decides for one cluster: the batches in order, or a refusal that says why with numbers.
import type { MemberId, MemberRole } from './cluster-state.js';
import type { QuorumNumbers } from './quorum-math.js';

/**
 * Why a batch is where it is:
 * - restart-unhealthy: voters that are already down; restarting them takes nothing away, so they go first;
 * - non-voter: a learner, or a host that is not a member yet; one per batch (etcd admits one learner at a
 *   time, and a joining host becomes a learner first), before the voters are touched;
 * - followers: healthy voters that do not lead;
 * - leader: the last batch, the leader (and maybe some followers), after leadership is moved away.
 */
export type BatchKind = 'restart-unhealthy' | 'non-voter' | 'followers' | 'leader';

/** An explicit step before the leader's batch: hand leadership to a healthy voter that stays up. */
export interface LeaderMove {
  from: string;
  fromId: MemberId;
  to: string;
  toId: MemberId;
}

export interface PlannedBatch {
  kind: BatchKind;
  hosts: string[];
  /**
   * Voting members while this batch runs: the cluster's, plus one for each host an earlier batch of a growing
   * play (`members: joining`) promoted.
   */
  voters: number;
  /** The quorum of those voters. */
  quorum: number;
  /** Voters up while this batch runs (its members and the still-unhealthy ones down). */
  votersUp: number;
  /** votersUp - quorum: how many more voters could fail during the batch without losing quorum. */
  margin: number;
  moveLeader?: LeaderMove;
}

export interface UnhealthyMember {
  /** The inventory host when the member maps to one, else the member's name or id. */
  name: string;
  role: MemberRole;
  reason: string;
  /** The raw error behind the reason, for -vvv. */
  detail?: string;
  /** Whether this play restarts it (false: it stays down for the whole play). */
  inPlay: boolean;
}

export interface ClusterPlan extends QuorumNumbers {
  cluster: string;
  members: number;
  learners: number;
  unhealthy: UnhealthyMember[];
  leader: string | undefined;
  batches: PlannedBatch[];
  /** Play hosts unreachable over SSH: counted as voters down, in no batch; the run marks them unreachable. */
  unreachable?: string[];
}

export interface ClusterRefusal extends QuorumNumbers {
  cluster: string;
  /** One sentence with the numbers that make every batch unsafe. */
  reason: string;
  /** What the SRE can do about it; a command in it holds INVENTORY_PLACEHOLDER (down-members.ts) for the -i. */
  hint: string;
  unhealthy: UnhealthyMember[];
  /** Play hosts unreachable over SSH (a refusal because of them exits 3, as a run with an unreachable host). */
  unreachable?: string[];
}

export type ClusterOutcome = { ok: true; plan: ClusterPlan } | { ok: false; refusal: ClusterRefusal };
