import { quorumNumbers } from '../../plan/quorum-math.js';
import type { JsonObject } from '../types.js';
import type { EndpointHealth } from './health-json.js';
import type { EtcdMember, Membership } from './membership-json.js';

// The pure decisions of etcd_member: which entry is the host's member, what a joining member's
// initial-cluster must say, whether a removal keeps quorum, and the registered values.

/** The member a task is about: its peer URLs identify it (a member has no name until it first starts). */
export interface MemberTarget {
  name?: string;
  peerUrls: readonly string[];
}

/** Started means the member has run and published its name; an added member that never ran has none. */
export function isStarted(member: EtcdMember): boolean {
  return member.name !== '';
}

/** The entry with one of the target's peer URLs, else (with no peer URLs given) the started member of that name. */
export function findMember(members: readonly EtcdMember[], target: MemberTarget): EtcdMember | undefined {
  if (target.peerUrls.length > 0) return members.find((m) => m.peerUrls.some((url) => target.peerUrls.includes(url)));
  return target.name ? members.find((m) => m.name === target.name) : undefined;
}

/**
 * `name=peerurl,...` over every member, the target included under its own name (its entry has no name until
 * it starts): what `initial-cluster` of a member that joins must say, since etcd checks it against the live
 * membership. Sorted by name so that a config file built from it does not change between runs.
 */
export function initialCluster(members: readonly EtcdMember[], target: MemberTarget | undefined): string {
  const self = target ? findMember(members, target) : undefined;
  const entries = members.flatMap((m) => {
    const name = m === self && target?.name ? target.name : m.name;
    return m.peerUrls.map((url) => ({ name, url }));
  });
  entries.sort((a, b) => (a.name === b.name ? a.url.localeCompare(b.url) : a.name.localeCompare(b.name)));
  return entries.map((e) => `${e.name}=${e.url}`).join(',');
}

export function voterCount(members: readonly EtcdMember[]): number {
  return members.filter((m) => !m.isLearner).length;
}

/** Whether any client URL of the member answered healthy. A member that never started has none. */
export function isHealthy(member: EtcdMember, health: readonly EndpointHealth[]): boolean {
  return member.clientUrls.some((url) => health.some((h) => h.endpoint === url && h.healthy));
}

/**
 * Why removing the member would break quorum, or undefined when it is safe: the voters that stay healthy
 * must still be a quorum of the voters that remain. A learner never counts.
 */
export function removalRefusal(members: readonly EtcdMember[], member: EtcdMember, health: readonly EndpointHealth[]): string | undefined {
  if (member.isLearner) return undefined;
  const voters = members.filter((m) => !m.isLearner);
  const healthyVoters = voters.filter((m) => isHealthy(m, health));
  const after = quorumNumbers(voters.length - 1);
  const healthyAfter = healthyVoters.length - (isHealthy(member, health) ? 1 : 0);
  const label = member.name || member.peerUrls.join(',');
  if (after.voters === 0) return `removing ${label} would leave no voting member (voters 1)`;
  if (healthyAfter >= after.quorum) return undefined;
  return (
    `removing ${label} would break quorum: voters ${voters.length}, healthy ${healthyVoters.length}; ` +
    `after the removal ${after.voters} voters need a quorum of ${after.quorum} but ${healthyAfter} healthy would remain`
  );
}

/** A member as the module registers it (Ansible-style snake_case keys, decimal id). */
export function memberValue(member: EtcdMember): JsonObject {
  return {
    id: member.id,
    name: member.name,
    peer_urls: [...member.peerUrls],
    client_urls: [...member.clientUrls],
    is_learner: member.isLearner,
    started: isStarted(member),
  };
}

/** Every value the module registers about the membership, from the target's point of view. */
export function membershipValues(membership: Membership, target: MemberTarget | undefined): JsonObject {
  const member = target ? findMember(membership.members, target) : undefined;
  const numbers = quorumNumbers(voterCount(membership.members));
  return {
    member: member ? memberValue(member) : null,
    members: membership.members.map(memberValue),
    cluster_id: membership.clusterId,
    initial_cluster: initialCluster(membership.members, target),
    voters: numbers.voters,
    quorum: numbers.quorum,
    tolerance: numbers.tolerance,
  };
}
