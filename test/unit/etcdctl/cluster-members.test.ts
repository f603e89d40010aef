import { describe, expect, it } from 'vitest';
import { type CandidateHost, selectClusterMembers } from '../../../engine/etcdctl/cluster-members.js';
import { UsageError } from '../../../engine/errors.js';

const member = (name: string, clusterName?: string): CandidateHost => ({ name, inMemberGroup: true, ...(clusterName ? { clusterName } : {}) });
const outside = (name: string, clusterName?: string): CandidateHost => ({ name, inMemberGroup: false, ...(clusterName ? { clusterName } : {}) });

describe('selectClusterMembers', () => {
  it.each([
    { label: 'group etcd, no names', hosts: [member('a'), member('b'), outside('lb')], cluster: undefined, members: ['a', 'b'] },
    { label: 'group etcd, one name', hosts: [member('a', 'prod'), member('b', 'prod')], cluster: undefined, members: ['a', 'b'] },
    { label: '--cluster etcd takes unnamed members of group etcd', hosts: [member('a'), outside('b', 'other')], cluster: 'etcd', members: ['a'] },
    { label: '--cluster finds named hosts outside group etcd', hosts: [member('a'), outside('x', 'blue'), outside('y', 'blue')], cluster: 'blue', members: ['x', 'y'] },
    { label: '--cluster picks one cluster of a fleet', hosts: [member('a', 'red'), member('b', 'blue'), member('c', 'red')], cluster: 'red', members: ['a', 'c'] },
  ])('$label', ({ hosts, cluster, members }) => {
    expect(selectClusterMembers(hosts, cluster)).toEqual(members);
  });

  it.each([
    { label: 'no group etcd', hosts: [outside('a')], cluster: undefined, message: 'the inventory has no host in group etcd', hint: 'put the cluster\'s members in group etcd' },
    { label: 'no group etcd, named clusters elsewhere', hosts: [outside('a', 'blue')], cluster: undefined, message: 'the inventory has no host in group etcd', hint: 'pick a cluster with --cluster (blue)' },
    { label: 'a fleet in group etcd', hosts: [member('a', 'red'), member('b', 'blue')], cluster: undefined, message: 'group etcd holds the members of 2 clusters (red, blue)', hint: 'pick one with --cluster NAME' },
    { label: 'an unknown cluster', hosts: [member('a'), outside('b', 'blue')], cluster: 'green', message: '--cluster green: no host of the inventory has etcd_cluster_name green', hint: "the inventory's clusters are: etcd, blue" },
  ])('refuses: $label', ({ hosts, cluster, message, hint }) => {
    let thrown: unknown;
    try {
      selectClusterMembers(hosts, cluster);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toMatchObject({ message, hint, exitCode: 5 });
  });
});
