// Which inventory host is which etcd member: first by member name = inventory hostname (what the roles set
// with --name), then by the host part of a peer URL = the host's ansible_host (covers members named
// otherwise, and members added but not started yet, which have no name).
import { memberLabel, type ClusterMember, type MemberId } from './cluster-state.js';
import type { PlanHost } from './plan-host.js';

export interface MemberMapping {
  hostByMember: ReadonlyMap<MemberId, string>;
  memberByHost: ReadonlyMap<string, ClusterMember>;
  /** Ambiguities that make the mapping untrustworthy, one sentence each. */
  problems: readonly string[];
}

export function peerUrlHost(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return undefined;
  }
}

export function mapMembersToHosts(members: readonly ClusterMember[], hosts: readonly PlanHost[]): MemberMapping {
  const hostByMember = new Map<MemberId, string>();
  const memberByHost = new Map<string, ClusterMember>();
  // A Set: two members sharing one address are found from both sides, and the problem is said once.
  const problems = new Set<string>();
  const hostNames = new Set(hosts.map((host) => host.name));
  const bind = (member: ClusterMember, host: string): void => {
    hostByMember.set(member.id, host);
    memberByHost.set(host, member);
  };

  for (const member of members) {
    if (member.name !== '' && hostNames.has(member.name)) bind(member, member.name);
  }
  for (const member of members) {
    if (hostByMember.has(member.id)) continue;
    const addresses = new Set(member.peerUrls.map(peerUrlHost).filter((a): a is string => a !== undefined));
    const candidates = hosts.filter((host) => !memberByHost.has(host.name) && addresses.has(host.address));
    const [only, ...others] = candidates;
    if (only === undefined) continue;
    if (others.length > 0) {
      const names = candidates.map((host) => host.name).join(', ');
      problems.add(`${memberLabel(member)} matches several hosts by peer address: ${names}`);
      continue;
    }
    const rivals = members.filter(
      (other) =>
        !hostByMember.has(other.id) && other.peerUrls.some((url) => peerUrlHost(url) === only.address),
    );
    if (rivals.length > 1) {
      const names = rivals.map(memberLabel).join(' and ');
      problems.add(`host ${only.name} (${only.address}) matches ${names} by peer address`);
      continue;
    }
    bind(member, only.name);
  }
  return { hostByMember, memberByHost, problems: [...problems] };
}
