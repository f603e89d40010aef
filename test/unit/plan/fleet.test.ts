// Hosts to clusters (the fleet variable, the group default) and members to hosts (name first, then peer
// address = ansible_host).
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import { InputError } from '../../../engine/errors.js';
import type { ClusterMember } from '../../../engine/plan/cluster-state.js';
import { hostsByCluster, toPlanHosts, type ClusterSelector, type FleetHost } from '../../../engine/plan/fleet.js';
import { mapMembersToHosts, peerUrlHost } from '../../../engine/plan/member-mapping.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';

describe('toPlanHosts', () => {
  it.each<[string, FleetHost[], ClusterSelector, string[]]>([
    [
      'no variable: one cluster named after the group, address = the hostname',
      [{ name: 'e1', vars: {} }, { name: 'e2', vars: { ansible_host: '10.0.0.2' } }],
      { group: 'etcd' },
      ['e1@e1 in etcd', 'e2@10.0.0.2 in etcd'],
    ],
    [
      'etcd_cluster_name splits a fleet',
      [
        { name: 'a1', vars: { etcd_cluster_name: 'east' } },
        { name: 'b1', vars: { etcd_cluster_name: 'west' } },
        { name: 'a2', vars: { etcd_cluster_name: 'east' } },
      ],
      { group: 'etcd' },
      ['a1@a1 in east', 'b1@b1 in west', 'a2@a2 in east'],
    ],
    [
      "a variable of the play's own choosing",
      [{ name: 'a1', vars: { etcd_cluster_name: 'ignored', kube_cluster: 'prod' } }],
      { group: 'etcd', clusterVar: 'kube_cluster' },
      ['a1@a1 in prod'],
    ],
  ])('%s', (_name, hosts, selector, expected) => {
    expect(toPlanHosts(hosts, selector).map((h) => `${h.name}@${h.address} in ${h.cluster}`)).toEqual(expected);
  });

  it.each<[string, FleetHost[], string[]]>([
    [
      'a cluster name that is not a string, an empty address',
      [{ name: 'a1', vars: { etcd_cluster_name: 5 } }, { name: 'a2', vars: { ansible_host: '' } }],
      [
        "QUORUM_PLAN_HOST_VAR: host a1: etcd_cluster_name is 5, not a name (set etcd_cluster_name to a non-empty string in the host's inventory entry or host_vars)",
        `QUORUM_PLAN_HOST_VAR: host a2: ansible_host is "", not a name (set ansible_host to a non-empty string in the host's inventory entry or host_vars)`,
      ],
    ],
  ])('reports %s', (_name, hosts, expected) => {
    const error = (() => {
      try {
        toPlanHosts(hosts, { group: 'etcd' });
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });

  it.each([[['a1:east', 'b1:west', 'a2:east', 'c1:north'], ['east=a1,a2', 'west=b1', 'north=c1']]])(
    'hostsByCluster %j',
    (spec, expected) => {
      const hosts: PlanHost[] = spec.map((s) => ({ name: s.split(':')[0]!, address: 'x', cluster: s.split(':')[1]! }));
      expect([...hostsByCluster(hosts)].map(([c, hs]) => `${c}=${hs.map((h) => h.name).join(',')}`)).toEqual(expected);
    },
  );
});

function member(id: string, name: string, peer: string): ClusterMember {
  return { id, name, peerUrls: [peer], clientUrls: [], role: 'voter', health: { healthy: false, reason: 'test' } };
}
const host = (name: string, address: string): PlanHost => ({ name, address, cluster: 'etcd' });

describe('mapMembersToHosts', () => {
  it.each<[string, ClusterMember[], PlanHost[], string[], string[]]>([
    [
      'by name',
      [member('1', 'h1', 'http://10.0.0.1:2380'), member('2', 'h2', 'http://10.0.0.2:2380')],
      [host('h1', '192.168.0.1'), host('h2', '192.168.0.2')],
      ['1=h1', '2=h2'],
      [],
    ],
    [
      'by peer address when the name differs or is empty (not started)',
      [member('1', 'etcd-a', 'https://10.0.0.1:2380'), member('2', '', 'https://10.0.0.2:2380')],
      [host('h1', '10.0.0.1'), host('h2', '10.0.0.2')],
      ['1=h1', '2=h2'],
      [],
    ],
    [
      'a name match wins over an address match',
      [member('1', 'h2', 'http://10.0.0.1:2380'), member('2', 'x', 'http://10.0.0.1:2380')],
      [host('h1', '10.0.0.1'), host('h2', '10.0.0.9')],
      ['1=h2', '2=h1'],
      [],
    ],
    [
      'an IPv6 peer URL',
      [member('1', '', 'https://[fd00::1]:2380')],
      [host('h1', 'fd00::1')],
      ['1=h1'],
      [],
    ],
    [
      'a member outside the play maps to nothing',
      [member('1', 'h9', 'http://10.0.0.9:2380')],
      [host('h1', '10.0.0.1')],
      [],
      [],
    ],
    [
      'one address, two hosts',
      [member('1', '', 'http://10.0.0.1:2380')],
      [host('h1', '10.0.0.1'), host('h2', '10.0.0.1')],
      [],
      ['member 1 (not started) matches several hosts by peer address: h1, h2'],
    ],
    [
      'one address, two members',
      [member('1', '', 'http://10.0.0.1:2380'), member('2', 'b', 'http://10.0.0.1:2381')],
      [host('h1', '10.0.0.1')],
      [],
      ['host h1 (10.0.0.1) matches member 1 (not started) and member b (2) by peer address'],
    ],
  ])('%s', (_name, members, hosts, expected, problems) => {
    const mapping = mapMembersToHosts(members, hosts);
    expect([...mapping.hostByMember].map(([id, h]) => `${id}=${h}`)).toEqual(expected);
    expect(mapping.problems).toEqual(problems);
  });

  it.each([
    ['http://127.0.10.1:2380', '127.0.10.1'],
    ['https://etcd-1.example.com:2380', 'etcd-1.example.com'],
    ['https://[::1]:2380', '::1'],
    ['not a url', undefined],
  ])('peerUrlHost(%s) = %s', (url, expected) => {
    expect(peerUrlHost(url)).toBe(expected);
  });
});
