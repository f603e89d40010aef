// A rolling play over a fleet: each cluster is planned on its own, from its own hosts and state, since
// one cluster's members never count toward another's quorum.
import type { BatchLimits } from './batch-limits.js';
import type { ClusterState } from './cluster-state.js';
import type { ClusterOutcome, ClusterPlan, ClusterRefusal } from './cluster-plan.js';
import { hostsByCluster } from './fleet.js';
import { planCluster } from './plan-cluster.js';
import type { PlanHost } from './plan-host.js';
import { hostsToRoll, type RollingMembers } from './rolling-members.js';

export interface RollingPlayInput {
  /** The play's hosts in play order, each with its cluster resolved (see toPlanHosts). */
  hosts: readonly PlanHost[];
  /** Each cluster's state, by cluster name. */
  states: ReadonlyMap<string, ClusterState>;
  limits: BatchLimits;
  /** `joining`: plan only the hosts that are not voting members yet (rolling-members.ts). */
  members?: RollingMembers;
}

export interface RollingPlayPlan {
  clusters: ClusterPlan[];
  refusals: ClusterRefusal[];
}

export function planRollingPlay(input: RollingPlayInput): RollingPlayPlan {
  const result: RollingPlayPlan = { clusters: [], refusals: [] };
  for (const [cluster, clusterHosts] of hostsByCluster(input.hosts)) {
    const state = input.states.get(cluster);
    const hosts = hostsToRoll(clusterHosts, state, input.members ?? 'all');
    const outcome: ClusterOutcome = planCluster({ cluster, hosts, state, limits: input.limits, members: input.members ?? 'all' });
    if (outcome.ok) result.clusters.push(outcome.plan);
    else result.refusals.push(outcome.refusal);
  }
  return result;
}
