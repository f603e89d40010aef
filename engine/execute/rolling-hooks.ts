import type { Play } from '../load/types.js';
import type { ClusterOutcome, PlannedBatch } from '../plan/cluster-plan.js';
import type { ClusterState } from '../plan/cluster-state.js';
import type { PlanHost } from '../plan/plan-host.js';

// Points where a caller can steer a rolling play without the rolling play knowing who it is: `quorum apply`
// runs the saved batches instead of new ones, checks the plan is still fresh and the window still open before
// each batch, and journals each completed step. `quorum run` passes none and rolls as the live state says.

export interface RollingClusterStart {
  play: Play;
  /** The play's index in the playbook (names may repeat). */
  playIndex: number;
  cluster: string;
  hosts: readonly PlanHost[];
  /** The cluster's live state, read before the first batch. */
  state: ClusterState;
  /** What the planner makes of that state now. */
  outcome: ClusterOutcome;
}

/** The batches to run, of which the first `done` completed in an earlier run and are skipped. */
export interface RollingSchedule {
  batches: PlannedBatch[];
  done: number;
}

export interface RollingBatchPoint {
  play: Play;
  playIndex: number;
  cluster: string;
  /** 0-based index into the schedule's batches. */
  index: number;
  batches: readonly PlannedBatch[];
  /** Reads the cluster's live state now (through the play's connections). */
  readState: () => Promise<ClusterState>;
}

/** Go on, or stop this cluster before the batch (nothing of it has started). */
export type BatchVerdict = { go: true } | { go: false; reason: string };

/** Why a cluster's rollout stopped short. */
export type HaltCause = 'refused' | 'locked' | 'stopped-by-caller' | 'interrupted' | 'batch-failed' | 'gate-failed' | 'error';

export interface RollingHooks {
  /** Before the first batch: the schedule to run (default: the live plan's batches, none done). Throw to refuse. */
  startCluster?(start: RollingClusterStart): Promise<RollingSchedule>;
  /** Before each batch that is not done, before leadership moves for it. */
  beforeBatch?(point: RollingBatchPoint): Promise<BatchVerdict>;
  /** The leader sits elsewhere than planned: `point.batches` is the new order (leader-last.ts), from `point.index` on. */
  batchesReordered?(point: RollingBatchPoint): Promise<void>;
  /** The batch's tasks are about to run. */
  batchStarted?(point: RollingBatchPoint): Promise<void>;
  /** The batch's health gate passed: the batch is complete. */
  gatePassed?(point: RollingBatchPoint): Promise<void>;
  /** Every batch of this cluster is complete. */
  clusterDone?(play: Play, playIndex: number, cluster: string): Promise<void>;
  /** This cluster's rollout stopped short; `reason` is the whole message. */
  halted?(play: Play, playIndex: number, cluster: string, cause: HaltCause, reason: string): void;
}

/** Who runs: written into the cluster lock, so that a second operator sees whom to ask. */
export interface RunInvocation {
  runId: string;
  command: string;
}
