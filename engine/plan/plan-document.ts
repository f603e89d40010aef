// The plan document: what `quorum plan --json` prints and what a saved plan carries. Field names are
// snake_case because it is a file format read by people and by other tools (jq), not a TypeScript API.
import type { BatchKind, ClusterPlan } from './cluster-plan.js';

/** One change a task would make on a host, as check mode predicts it (filled in by the executor). */
export interface PlannedChange {
  host: string;
  task: string;
  module: string;
  summary: string;
}

export interface BatchDocument {
  kind: BatchKind;
  hosts: string[];
  /**
   * Voting members and their quorum while the batch runs (they grow as a growing play promotes members). Absent
   * in plans saved before batches carried them: the cluster's numbers then.
   */
  voters?: number;
  quorum?: number;
  voters_up: number;
  margin: number;
  /** Leadership is handed from `from` to `to` (member id `to_id`) before this batch starts. */
  move_leader?: { from: string; to: string; to_id: string };
}

export interface ClusterPlanDocument {
  name: string;
  members: number;
  voters: number;
  quorum: number;
  tolerance: number;
  unhealthy: string[];
  /** Why each unhealthy member is, by name. */
  unhealthy_reasons: { [name: string]: string };
  leader: string | null;
  batches: BatchDocument[];
  /** Play hosts unreachable over SSH: counted as voters down and left out of the batches. */
  unreachable?: string[];
}

export interface PlayPlanDocument {
  name: string;
  hosts: string[];
  /** Empty for a play that is not rolling (no `rolling:`): it has no quorum to keep. */
  clusters: ClusterPlanDocument[];
  changes: PlannedChange[];
}

export interface PlanDocument {
  format: 1;
  plays: PlayPlanDocument[];
}

export interface PlayPlanInput {
  name: string;
  hosts: readonly string[];
  clusters: readonly ClusterPlan[];
  changes: readonly PlannedChange[];
}

export function buildPlanDocument(plays: readonly PlayPlanInput[]): PlanDocument {
  return { format: 1, plays: plays.map(playDocument) };
}

function playDocument(play: PlayPlanInput): PlayPlanDocument {
  return {
    name: play.name,
    hosts: [...play.hosts],
    clusters: play.clusters.map(clusterDocument),
    changes: play.changes.map((change) => ({ ...change })),
  };
}

function clusterDocument(plan: ClusterPlan): ClusterPlanDocument {
  return {
    name: plan.cluster,
    members: plan.members,
    voters: plan.voters,
    quorum: plan.quorum,
    tolerance: plan.tolerance,
    unhealthy: plan.unhealthy.map((member) => member.name),
    unhealthy_reasons: Object.fromEntries(plan.unhealthy.map((member) => [member.name, member.reason])),
    leader: plan.leader ?? null,
    ...(plan.unreachable !== undefined && plan.unreachable.length > 0 ? { unreachable: [...plan.unreachable] } : {}),
    batches: plan.batches.map((batch): BatchDocument => {
      const document: BatchDocument = {
        kind: batch.kind,
        hosts: [...batch.hosts],
        voters: batch.voters,
        quorum: batch.quorum,
        voters_up: batch.votersUp,
        margin: batch.margin,
      };
      if (batch.moveLeader !== undefined) {
        document.move_leader = { from: batch.moveLeader.from, to: batch.moveLeader.to, to_id: batch.moveLeader.toId };
      }
      return document;
    }),
  };
}
