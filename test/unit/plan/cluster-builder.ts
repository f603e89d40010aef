// Builds in-memory cluster states for planner tests: members named after their hosts, on 127.0.20.x.
import type { ClusterMember, ClusterState, MemberRole } from '../../../engine/plan/cluster-state.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';

export interface MemberSpec {
  name: string;
  role?: MemberRole;
  healthy?: boolean;
}

export function memberId(index: number): string {
  // Above 2^53 on purpose, like etcd's ids.
  return (10_000_000_000_000_000_000n + BigInt(index)).toString();
}

export function buildState(specs: readonly MemberSpec[], leaderName: string | undefined): ClusterState {
  const leaderIndex = specs.findIndex((spec) => spec.name === leaderName);
  const leaderId = leaderIndex < 0 ? '0' : memberId(leaderIndex);
  const members: ClusterMember[] = specs.map((spec, index) => ({
    id: memberId(index),
    name: spec.name,
    peerUrls: [`http://127.0.20.${index + 1}:2380`],
    clientUrls: [`http://127.0.20.${index + 1}:2379`],
    role: spec.role ?? 'voter',
    health:
      spec.healthy === false
        ? { healthy: false, reason: 'no endpoint status (it did not answer)' }
        : { healthy: true, status: { leaderId, raftIndex: 10, raftAppliedIndex: 10, raftTerm: 2, version: '3.4.23' } },
  }));
  return { clusterId: '42', members, leaderId: leaderIndex < 0 ? undefined : leaderId, source: 'test' };
}

export function planHosts(names: readonly string[], cluster = 'etcd'): PlanHost[] {
  return names.map((name) => ({ name, address: `${name}.example`, cluster }));
}
