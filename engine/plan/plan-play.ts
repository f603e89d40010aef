// A rolling play over a fleet: each cluster is planned on its own, from its own hosts and state, since
// one cluster's members never count toward another's quorum.
import type { BatchLimits } from './batch-limits.js';
import type { ClusterState } from './cluster-state.js';
import type { ClusterOutcome, ClusterPlan, ClusterRefusal } from './cluster-plan.js';
import { hostsByCluster } from './fleet.js';
import { planCluster } from './plan-cluster.js';
import type { PlanHost } from './plan-host.js';

export interface RollingPlayInput {
  /** The play's hosts in play order, each with its cluster resolved (see toPlanHosts). */
  hosts: readonly PlanHost[];
  /** Each cluster's state, by cluster name. */
  states: ReadonlyMap<string, ClusterState>;
  limits: BatchLimits;
}

export interface RollingPlayPlan {
  clusters: ClusterPlan[];
  refusals: ClusterRefusal[];
}

export function planRollingPlay(input: RollingPlayInput): RollingPlayPlan {
  const result: RollingPlayPlan = { clusters: [], refusals: [] };
  for (const [cluster, hosts] of hostsByCluster(input.hosts)) {
    const outcome: ClusterOutcome = planCluster({ cluster, hosts, state: input.states.get(cluster), limits: input.limits });
    if (outcome.ok) result.clusters.push(outcome.plan);
    else result.refusals.push(outcome.refusal);
  }
  return result;
}
