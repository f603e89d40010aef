// A saved plan's batches against what the planner computes now: a hand-edited plan is stale.
import { describe, expect, it } from 'vitest';
import { QuorumError } from '../../../engine/errors.js';
import { planBatchChanges } from '../../../engine/plan/plan-comparison.js';
import { buildPlanDocument, type PlanDocument } from '../../../engine/plan/plan-document.js';
import { planRollingPlay } from '../../../engine/plan/plan-play.js';
import { assertPlanFresh } from '../../../engine/plan/staleness.js';
import { buildState, planHosts } from './cluster-builder.js';

const state = buildState(['v1', 'v2', 'v3', 'v4'].map((name) => ({ name })), 'v1');
const hosts = planHosts(['v1', 'v2', 'v3', 'v4']);
const planned = planRollingPlay({ hosts, states: new Map([['etcd', state]]), limits: {} });
const computed: PlanDocument = buildPlanDocument([
  { name: 'restart', hosts: hosts.map((h) => h.name), clusters: planned.clusters, changes: [] },
]);

function edited(change: (plan: PlanDocument) => void): PlanDocument {
  const copy = structuredClone(computed);
  change(copy);
  return copy;
}

describe('planBatchChanges', () => {
  it.each<[string, PlanDocument, string[]]>([
    ['the same plan', structuredClone(computed), []],
    [
      'two of four voters put in one batch by hand',
      edited((plan) => {
        const batches = plan.plays[0]!.clusters[0]!.batches;
        batches.splice(0, 2, { ...batches[0]!, hosts: ['v2', 'v3'] });
      }),
      [
        'play "restart", cluster etcd: the saved batches ([v2 v3] [v4] [v1 after v1->v2]) are not what the planner computes ([v2] [v3] [v4] [v1 after v1->v2])',
      ],
    ],
    [
      'the leader hand-over pointed elsewhere',
      edited((plan) => {
        plan.plays[0]!.clusters[0]!.batches[3]!.move_leader!.to = 'v4';
      }),
      [
        'play "restart", cluster etcd: the saved batches ([v2] [v3] [v4] [v1 after v1->v4]) are not what the planner computes ([v2] [v3] [v4] [v1 after v1->v2])',
      ],
    ],
    [
      'a play renamed',
      edited((plan) => {
        plan.plays[0]!.name = 'old name';
      }),
      ['play "restart": not in the saved plan', 'play "old name": in the saved plan, not in the playbook now'],
    ],
    [
      'a cluster renamed',
      edited((plan) => {
        plan.plays[0]!.clusters[0]!.name = 'west';
      }),
      ['play "restart", cluster etcd: not in the saved plan', 'play "restart", cluster west: in the saved plan, not in the play now'],
    ],
  ])('%s', (_name, saved, expected) => {
    expect(planBatchChanges(saved, computed)).toEqual(expected);
  });

  it.each([
    ['fresh inputs, edited batches', true],
    ['fresh inputs, same batches', false],
  ])('assertPlanFresh compares the batches too: %s', (_name, edit) => {
    const basis = { engine_version: '0.1.0', inputs: { inventory: 'a', playbook: 'b', roles: 'c', extra_vars: 'd' }, fingerprints: [] };
    const saved = edit ? edited((plan) => plan.plays[0]!.clusters[0]!.batches.reverse()) : computed;
    const run = (): void => assertPlanFresh('plan.json', { ...basis, plan: saved }, { ...basis, plan: computed });
    if (edit) expect(run).toThrow(QuorumError);
    else expect(run).not.toThrow();
  });
});
