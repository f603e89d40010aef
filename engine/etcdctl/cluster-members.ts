import { UsageError } from '../errors.js';

// Which inventory hosts are the members of the cluster `quorum etcdctl` talks to. Pure: the caller gives every
// host with the two facts that decide it (in group etcd? which etcd_cluster_name?).
//
// Without --cluster: the hosts of group `etcd` (Kubespray's group), which must all name the same cluster.
// With --cluster NAME: every host whose etcd_cluster_name is NAME, wherever it sits in the inventory; a host of
// group etcd that sets no name belongs to the cluster `etcd` (the contract's default name).

/** The contract's default cluster name and the group that holds a single cluster's members. */
export const DEFAULT_CLUSTER = 'etcd';
export const MEMBER_GROUP = 'etcd';

export interface CandidateHost {
  name: string;
  inMemberGroup: boolean;
  /** The host's templated etcd_cluster_name, when it sets one. */
  clusterName?: string;
}

export function clusterOf(host: CandidateHost): string | undefined {
  return host.clusterName ?? (host.inMemberGroup ? DEFAULT_CLUSTER : undefined);
}

/** The member host names, in inventory order; a UsageError (exit 5) that says what to pass when none or many fit. */
export function selectClusterMembers(hosts: readonly CandidateHost[], cluster: string | undefined): string[] {
  if (cluster !== undefined) {
    const members = hosts.filter((h) => clusterOf(h) === cluster).map((h) => h.name);
    if (members.length > 0) return members;
    const known = knownClusters(hosts);
    throw new UsageError(
      `--cluster ${cluster}: no host of the inventory has etcd_cluster_name ${cluster}`,
      known.length > 0 ? `the inventory's clusters are: ${known.join(', ')}` : `put the members in group ${MEMBER_GROUP}, or set etcd_cluster_name on them`,
    );
  }
  const grouped = hosts.filter((h) => h.inMemberGroup);
  if (grouped.length === 0) {
    const known = knownClusters(hosts);
    throw new UsageError(
      `the inventory has no host in group ${MEMBER_GROUP}`,
      known.length > 0 ? `pick a cluster with --cluster (${known.join(', ')})` : `put the cluster's members in group ${MEMBER_GROUP}`,
    );
  }
  const clusters = knownClusters(grouped);
  if (clusters.length > 1) {
    throw new UsageError(`group ${MEMBER_GROUP} holds the members of ${clusters.length} clusters (${clusters.join(', ')})`, 'pick one with --cluster NAME');
  }
  return grouped.map((h) => h.name);
}

function knownClusters(hosts: readonly CandidateHost[]): string[] {
  return [...new Set(hosts.map(clusterOf).filter((c): c is string => c !== undefined))];
}
