// Matching captured states to the play's clusters: by the name given, else by the members' names or peer
// addresses; and the problems when a state fits none, several, or a cluster already taken.
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../../engine/plan/cluster-state.js';
import { assignStatesToClusters, parseClusterStateArg, type LoadedState } from '../../../engine/plan/state-assignment.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';

function state(source: string, members: [name: string, address: string][]): ClusterState {
  return {
    clusterId: '1',
    leaderId: undefined,
    source,
    members: members.map(([name, address], i) => ({
      id: String(i + 1),
      name,
      peerUrls: [`https://${address}:2380`],
      clientUrls: [],
      role: 'voter',
      health: { healthy: false, reason: 'test' },
    })),
  };
}

const hosts: PlanHost[] = [
  { name: 'a1', address: '10.0.1.1', cluster: 'east' },
  { name: 'a2', address: '10.0.1.2', cluster: 'east' },
  { name: 'b1', address: '10.0.2.1', cluster: 'west' },
];

describe('assignStatesToClusters', () => {
  it.each<[string, LoadedState[], string[], string[]]>([
    [
      'by member name',
      [{ state: state('e.json', [['a1', '192.168.0.1']]) }, { state: state('w.json', [['b1', '192.168.0.2']]) }],
      ['east=e.json', 'west=w.json'],
      [],
    ],
    ['by peer address', [{ state: state('e.json', [['etcd-x', '10.0.1.2']]) }], ['east=e.json'], []],
    ['by the name given', [{ cluster: 'west', state: state('x.json', [['zz', '1.2.3.4']]) }], ['west=x.json'], []],
    [
      'a state that fits no cluster',
      [{ state: state('x.json', [['zz', '1.2.3.4']]) }],
      [],
      ['x.json: no member is a host of this play (by name or ansible_host); name its cluster with --cluster-state NAME=x.json'],
    ],
    [
      'a state whose members sit in two clusters',
      [{ state: state('x.json', [['a1', '1.1.1.1'], ['b1', '1.1.1.2']]) }],
      [],
      ['x.json: its members are hosts of several clusters (east, west); name one with --cluster-state NAME=x.json'],
    ],
    [
      'two states for one cluster',
      [{ state: state('e1.json', [['a1', '1.1.1.1']]) }, { state: state('e2.json', [['a2', '1.1.1.2']]) }],
      ['east=e1.json'],
      ['e2.json: cluster east already has a state (e1.json); give one state per cluster'],
    ],
  ])('%s', (_name, loaded, expected, problems) => {
    const result = assignStatesToClusters(loaded, hosts);
    expect([...result.states].map(([cluster, s]) => `${cluster}=${s.source}`)).toEqual(expected);
    expect(result.problems).toEqual(problems);
  });
});

describe('parseClusterStateArg', () => {
  it.each([
    ['east=states/east.json', { cluster: 'east', file: 'states/east.json' }],
    ['states/east.json', { file: 'states/east.json' }],
    ['dir=x/east.json', { cluster: 'dir', file: 'x/east.json' }],
    ['./a=b/east.json', { file: './a=b/east.json' }],
    ['=east.json', { file: '=east.json' }],
  ])('%s', (arg, expected) => {
    expect(parseClusterStateArg(arg)).toEqual(expected);
  });
});
