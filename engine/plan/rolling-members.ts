// `rolling: {members: joining}`: a play that grows a cluster acts only on the hosts that are not voting members
// yet. Which those are is known only from the live (or captured) state, so the selection is made here, beside
// the planner, and not from the inventory: an existing member is left untouched, with no batch, no leadership
// move and no task, whatever the inventory says.
import type { ClusterState } from './cluster-state.js';
import { mapMembersToHosts } from './member-mapping.js';
import type { PlanHost } from './plan-host.js';

export type RollingMembers = 'all' | 'joining';

/** The hosts a rolling play acts on in one cluster: all of them, or those not (yet) a voting member. */
export function hostsToRoll(hosts: readonly PlanHost[], state: ClusterState | undefined, members: RollingMembers): PlanHost[] {
  if (members === 'all' || state === undefined) return [...hosts];
  const { memberByHost } = mapMembersToHosts(state.members, hosts);
  return hosts.filter((host) => memberByHost.get(host.name)?.role !== 'voter');
}
