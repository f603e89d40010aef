// The printed plan, exactly as an SRE reads it, from real captures: the 5-member capture (leader h1), an
// even cluster, a learner, a member that did not answer; and the refusal text.
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../../engine/plan/cluster-state.js';
import { buildPlanDocument, type PlannedChange } from '../../../engine/plan/plan-document.js';
import { planRollingPlay } from '../../../engine/plan/plan-play.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';
import { renderPlanText, renderRefusal } from '../../../engine/plan/render-text.js';
import { loadClusterStateFile } from '../../../engine/plan/state-file-read.js';
import type { BatchLimits } from '../../../engine/plan/batch-limits.js';
import { stateFixture } from './fixtures.js';

function hosts(cluster: string, prefix: string, subnet: string, count: number): PlanHost[] {
  return Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i + 1}`, address: `127.0.${subnet}.${i + 1}`, cluster }));
}

async function states(entries: readonly [string, string][]): Promise<Map<string, ClusterState>> {
  return new Map(await Promise.all(entries.map(async ([cluster, file]) => [cluster, await loadClusterStateFile(stateFixture(file))] as const)));
}

interface RenderCase {
  name: string;
  clusters: [string, string][];
  hosts: PlanHost[];
  limits: BatchLimits;
  changes: PlannedChange[];
  expected: string;
}

const renderCases: RenderCase[] = [
  {
    name: 'the 5-member capture, leader h1, with changes',
    clusters: [['etcd', 'five-members.json']],
    hosts: hosts('etcd', 'h', '10', 5),
    limits: {},
    changes: [
      { host: 'h2', task: 'write etcd.conf.yml', module: 'template', summary: 'heartbeat-interval 100 -> 250' },
      { host: 'h2', task: 'restart etcd', module: 'service', summary: 'restarted' },
    ],
    expected: [
      'PLAY [rolling restart] hosts: h1, h2, h3, h4, h5',
      '  cluster etcd: 5 members, 5 voters, quorum 3, tolerance 2',
      '    leader: h1',
      '    unhealthy: none',
      '    batch 1/3 (followers): h2, h3; voters up 3/5, margin 0: no further failure tolerated',
      '    batch 2/3 (followers): h4, h5; voters up 3/5, margin 0: no further failure tolerated',
      '    move leader: h1 -> h2',
      '    batch 3/3 (leader last): h1; voters up 4/5, margin 1',
      '  changes:',
      '    h2: write etcd.conf.yml (template) heartbeat-interval 100 -> 250',
      '    h2: restart etcd (service) restarted',
      '',
    ].join('\n'),
  },
  {
    name: 'a fleet: an even cluster and one with a learner and a dead member, max_unavailable 1',
    clusters: [
      ['east', 'four-members.json'],
      ['west', 'missing-endpoint.json'],
    ],
    hosts: [...hosts('east', 'n', '11', 4), ...hosts('west', 'm', '14', 4)],
    limits: { maxUnavailable: 1 },
    changes: [],
    expected: [
      'PLAY [rolling restart] hosts: n1, n2, n3, n4, m1, m2, m3, m4',
      '  cluster east: 4 members, 4 voters, quorum 3, tolerance 1',
      '    leader: n2',
      '    unhealthy: none',
      '    batch 1/4 (followers): n1; voters up 3/4, margin 0: no further failure tolerated',
      '    batch 2/4 (followers): n3; voters up 3/4, margin 0: no further failure tolerated',
      '    batch 3/4 (followers): n4; voters up 3/4, margin 0: no further failure tolerated',
      '    move leader: n2 -> n1',
      '    batch 4/4 (leader last): n2; voters up 3/4, margin 0: no further failure tolerated',
      '  cluster west: 4 members, 3 voters (+1 learner), quorum 2, tolerance 1',
      '    leader: m2',
      '    unhealthy: m3 (no endpoint status (it did not answer)), m4 (no endpoint status (it did not answer))',
      '    batch 1/4 (unhealthy, restarted first): m3; voters up 2/3, margin 0: no further failure tolerated',
      '    batch 2/4 (not a voter): m4; voters up 3/3, margin 1',
      '    batch 3/4 (followers): m1; voters up 2/3, margin 0: no further failure tolerated',
      '    move leader: m2 -> m1',
      '    batch 4/4 (leader last): m2; voters up 2/3, margin 0: no further failure tolerated',
      '  changes: none',
      '',
    ].join('\n'),
  },
];

describe('renderPlanText', () => {
  it.each(renderCases)('$name', async ({ clusters, hosts: playHosts, limits, changes, expected }) => {
    const planned = planRollingPlay({ hosts: playHosts, states: await states(clusters), limits });
    expect(planned.refusals).toEqual([]);
    const document = buildPlanDocument([
      { name: 'rolling restart', hosts: playHosts.map((h) => h.name), clusters: planned.clusters, changes },
    ]);
    expect(renderPlanText(document)).toBe(expected);
  });

  it.each([
    [
      'a play without rolling',
      { name: 'backup', hosts: ['h1'], clusters: [], changes: [] },
      'PLAY [backup] hosts: h1\n  not a rolling play: no quorum to keep\n  changes: none\n',
    ],
  ])('%s', (_name, play, expected) => {
    expect(renderPlanText(buildPlanDocument([play]))).toBe(expected);
  });
});

describe('renderRefusal', () => {
  it.each<[string, [string, string][], PlanHost[], string]>([
    [
      '5 voters, one with an alarm outside the play: room for one at a time, so no refusal',
      [['etcd', 'endpoint-errors.json']],
      [
        { name: 'e1', address: '127.0.13.1', cluster: 'etcd' },
        { name: 'e2', address: '127.0.13.2', cluster: 'etcd' },
      ],
      '',
    ],
    [
      'a cluster with a dead voter outside the play',
      [['west', 'missing-endpoint.json']],
      [
        { name: 'm1', address: '127.0.14.1', cluster: 'west' },
        { name: 'm2', address: '127.0.14.2', cluster: 'west' },
      ],
      'cluster west: refusing to plan: no healthy voter can go down: 3 voters, quorum 2, tolerance 1, 1 unhealthy and not restarted by this play (m3); taking one more down would leave 1 up ' +
        '[voters 3, quorum 2, tolerance 1, unhealthy: m3 (no endpoint status (it did not answer)), member 8851224433262618221 (no endpoint status (it did not answer))]\n' +
        "  hint: bring m3 back first, or add it to this play's hosts (unhealthy members are restarted first); a member gone for good (its host or disk lost) is replaced instead: remove it, then join a new one\n",
    ],
  ])('%s', async (_name, clusters, playHosts, expected) => {
    const planned = planRollingPlay({ hosts: playHosts, states: await states(clusters), limits: {} });
    expect(planned.refusals.map((r) => renderRefusal(r)).join('')).toBe(expected);
  });
});
