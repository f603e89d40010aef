// Staleness: a saved plan against the present, each input and each fingerprint field changed in turn.
import { describe, expect, it } from 'vitest';
import { QuorumError } from '../../../engine/errors.js';
import type { ClusterFingerprint } from '../../../engine/plan/fingerprint.js';
import { fingerprintCluster } from '../../../engine/plan/fingerprint.js';
import type { PlanBasis } from '../../../engine/plan/saved-plan.js';
import { assertPlanFresh, planStaleness } from '../../../engine/plan/staleness.js';
import { loadClusterStateFile } from '../../../engine/plan/state-file-read.js';
import { stateFixture } from './fixtures.js';

const digest = (seed: string): string => seed.repeat(64).slice(0, 64);

const saved: PlanBasis = {
  engine_version: '0.1.0',
  inputs: { inventory: digest('a'), playbook: digest('b'), roles: digest('c'), extra_vars: digest('d') },
  fingerprints: [fingerprintCluster('etcd', await loadClusterStateFile(stateFixture('five-members.json')))],
};
const etcd = saved.fingerprints[0] as ClusterFingerprint;
const h3 = etcd.members[0]!;
const h2 = etcd.members[1]!;

function withCluster(change: (cluster: ClusterFingerprint) => ClusterFingerprint): PlanBasis {
  return { ...saved, fingerprints: [change(structuredClone(etcd))] };
}

describe('planStaleness', () => {
  it.each<[string, PlanBasis, string[]]>([
    ['nothing changed', structuredClone(saved), []],
    ['the engine version', { ...saved, engine_version: '0.2.0' }, ["quorum's version changed: 0.1.0 -> 0.2.0"]],
    [
      'the inventory',
      { ...saved, inputs: { ...saved.inputs, inventory: digest('e') } },
      ['the inventory changed (sha256 aaaaaaaaaaaa -> eeeeeeeeeeee)'],
    ],
    [
      'the playbook',
      { ...saved, inputs: { ...saved.inputs, playbook: digest('e') } },
      ['the playbook changed (sha256 bbbbbbbbbbbb -> eeeeeeeeeeee)'],
    ],
    ['the roles', { ...saved, inputs: { ...saved.inputs, roles: digest('e') } }, ['the roles changed (sha256 cccccccccccc -> eeeeeeeeeeee)']],
    [
      'the extra vars',
      { ...saved, inputs: { ...saved.inputs, extra_vars: digest('e') } },
      ['the extra vars changed (sha256 dddddddddddd -> eeeeeeeeeeee)'],
    ],
    [
      'the cluster id',
      withCluster((c) => ({ ...c, cluster_id: '1' })),
      ['cluster etcd: cluster id 8280921531237386043 -> 1 (it is another cluster now)'],
    ],
    // Not stale: the leader changes at every election and is found again before each batch (leader-last.ts).
    ['the leader', withCluster((c) => ({ ...c, leader_id: h2.id })), []],
    ['no leader now', withCluster((c) => ({ ...c, leader_id: null })), []],
    [
      'a member left',
      withCluster((c) => ({ ...c, members: c.members.filter((m) => m.id !== h3.id) })),
      ['cluster etcd: member h3 (227693593168367922) is no longer a member'],
    ],
    [
      'a member joined',
      withCluster((c) => ({ ...c, members: [...c.members, { id: '42', name: '', role: 'learner', healthy: false }] })),
      ['cluster etcd: member 42 joined as a learner'],
    ],
    [
      'a member became a learner',
      withCluster((c) => ({ ...c, members: c.members.map((m) => (m.id === h3.id ? { ...m, role: 'learner' } : m)) })),
      ['cluster etcd: member h3 (227693593168367922) is a learner, was a voter'],
    ],
    [
      'a member went down',
      withCluster((c) => ({ ...c, members: c.members.map((m) => (m.id === h3.id ? { ...m, healthy: false } : m)) })),
      // Health is checked before each batch (batch-safety.ts), not pinned.
      [],
    ],
    [
      'a member moved its peer URL',
      withCluster((c) => ({ ...c, members: c.members.map((m) => (m.id === h3.id ? { ...m, peer_urls: ['https://10.0.0.33:2380'] } : m)) })),
      [`cluster etcd: member h3 (227693593168367922) has peer URLs https://10.0.0.33:2380, had ${h3.peer_urls!.join(', ')}`],
    ],
    [
      'a member was renamed',
      withCluster((c) => ({ ...c, members: c.members.map((m) => (m.id === h3.id ? { ...m, name: 'h3b' } : m)) })),
      ['cluster etcd: member 227693593168367922 is named "h3b", was "h3"'],
    ],
    ['a cluster is gone', { ...saved, fingerprints: [] }, ["cluster etcd: no longer among the play's clusters"]],
    [
      'a cluster was added',
      { ...saved, fingerprints: [...saved.fingerprints, { ...etcd, cluster: 'west' }] },
      ['cluster west: not in the saved plan'],
    ],
    [
      'several at once, all listed',
      { ...withCluster((c) => ({ ...c, members: c.members.filter((m) => m.id !== h2.id) })), engine_version: '0.2.0' },
      [
        "quorum's version changed: 0.1.0 -> 0.2.0",
        'cluster etcd: member h2 (9068035712824532851) is no longer a member',
      ],
    ],
  ])('%s', (_name, current, expected) => {
    expect(planStaleness(saved, current)).toEqual(expected);
  });
});

describe('assertPlanFresh', () => {
  it.each<[string, PlanBasis, string | undefined]>([
    ['fresh', saved, undefined],
    [
      'stale',
      { ...saved, engine_version: '0.2.0' },
      "plan.json: QUORUM_PLAN_STALE: the saved plan is stale:\n  - quorum's version changed: 0.1.0 -> 0.2.0",
    ],
  ])('%s', (_name, current, message) => {
    const error = (() => {
      try {
        assertPlanFresh('plan.json', saved, current);
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    if (message === undefined) {
      expect(error).toBeUndefined();
    } else {
      expect(error).toBeInstanceOf(QuorumError);
      expect((error as QuorumError).code).toBe('QUORUM_PLAN_STALE');
      expect((error as QuorumError).message).toBe(message);
    }
  });
});
