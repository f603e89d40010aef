// The plan is computed from the state read before the first batch; the cluster may change while the run goes
// on (a member outside the play crashes, a disk fills). So before each later batch goes down, the live state is
// read again and the batch must still leave quorum: the voters healthy now, minus the healthy voters this batch
// takes down, must reach quorum. Otherwise the run stops there, with the numbers, before anything else goes down.
import type { ClusterState } from './cluster-state.js';
import { mapMembersToHosts } from './member-mapping.js';
import type { PlanHost } from './plan-host.js';
import { quorumNumbers } from './quorum-math.js';

/** Undefined when the batch may go down now; otherwise why not, with the numbers. */
export function batchStillSafe(state: ClusterState, batchHosts: readonly string[], hosts: readonly PlanHost[]): string | undefined {
  const { memberByHost } = mapMembersToHosts(state.members, hosts);
  const voters = state.members.filter((m) => m.role === 'voter');
  const { quorum } = quorumNumbers(voters.length);
  const healthy = voters.filter((m) => m.health.healthy);
  const goingDown = batchHosts.filter((host) => {
    const member = memberByHost.get(host);
    return member !== undefined && member.role === 'voter' && member.health.healthy;
  });
  const left = healthy.length - goingDown.length;
  if (left >= quorum) return undefined;
  const down = voters
    .filter((m) => !m.health.healthy)
    .map((m) => [...memberByHost].find(([, member]) => member.id === m.id)?.[0] ?? (m.name || `member ${m.id}`));
  return (
    `taking down ${goingDown.join(', ')} now would leave ${left} of ${voters.length} voters up, below quorum ${quorum}` +
    ` (unhealthy now: ${down.join(', ') || 'none'}); bring the unhealthy members back, then run again`
  );
}
