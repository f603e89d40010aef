// Apply's staleness: each input changed in turn, each play's hosts, and the cluster as it may (and may not)
// have changed through the batches already done.
import { describe, expect, it } from 'vitest';
import { freshStartChanges, inputChanges, playHostChanges, resumeChanges } from '../../../engine/apply/apply-staleness.js';
import { clusterDrift, type BatchProgress } from '../../../engine/apply/cluster-drift.js';
import { progressKey } from '../../../engine/apply/journal-replay.js';
import type { ClusterFingerprint, MemberFingerprint } from '../../../engine/plan/fingerprint.js';
import type { BatchDocument, PlanDocument } from '../../../engine/plan/plan-document.js';
import type { PlanInputDigests, SavedPlan } from '../../../engine/plan/saved-plan.js';

const digest = (seed: string): string => seed.repeat(64).slice(0, 64);
const inputs: PlanInputDigests = { inventory: digest('a'), playbook: digest('b'), roles: digest('c'), extra_vars: digest('d') };
const member = (name: string, id: string, patch: Partial<MemberFingerprint> = {}): MemberFingerprint => ({ id, name, role: 'voter', healthy: true, ...patch });
const cluster = (members: MemberFingerprint[], leader: string | null = '3'): ClusterFingerprint => ({ cluster: 'etcd', cluster_id: '99', leader_id: leader, members });
const saved3 = cluster([member('h1', '1'), member('h2', '2'), member('h3', '3')]);
const batch = (hosts: string[], move?: [string, string]): BatchDocument => ({
  kind: move ? 'leader' : 'followers',
  hosts,
  voters_up: 2,
  margin: 0,
  ...(move ? { move_leader: { from: move[0], to: move[1], to_id: '1' } } : {}),
});
const batches = [batch(['h1']), batch(['h2']), batch(['h3'], ['h3', 'h1'])];
const none: BatchProgress = { done: [] };

describe('clusterDrift: still the same cluster, batches done accounted for', () => {
  it.each<[string, ClusterFingerprint, ClusterFingerprint, BatchProgress, string[]]>([
    ['unchanged, nothing done', saved3, saved3, none, []],
    ['another cluster id', saved3, { ...saved3, cluster_id: '98' }, none, ['cluster etcd: cluster id 99 -> 98 (it is another cluster now)']],
    // The leader and health are not pinned: the leader is found again before each batch, and each batch goes down
    // only if quorum stays up without it (batch-safety.ts).
    ['the leader moved by hand', saved3, cluster(saved3.members, '1'), none, []],
    ['the leader moved by the leader batch in flight', saved3, cluster(saved3.members, '1'), { done: batches.slice(0, 2), inFlight: batches[2]! }, []],
    ['the leader moved after batch 1 (a follower)', saved3, cluster(saved3.members, '2'), { done: batches.slice(0, 1) }, []],
    ['no leader at all after the leader batch', saved3, cluster(saved3.members, null), { done: batches }, []],
    ['a member of a done batch is down again', saved3, cluster([member('h1', '1', { healthy: false }), saved3.members[1]!, saved3.members[2]!]), { done: batches.slice(0, 1) }, []],
    ['a member of the batch in flight is down', saved3, cluster([member('h1', '1', { healthy: false }), saved3.members[1]!, saved3.members[2]!]), { done: [], inFlight: batches[0]! }, []],
    ['a member outside the done batches went down', saved3, cluster([saved3.members[0]!, member('h2', '2', { healthy: false }), saved3.members[2]!]), { done: batches.slice(0, 1) }, []],
    ['a member moved its peer URL', cluster([member('h1', '1', { peer_urls: ['https://10.0.0.1:2380'] }), saved3.members[1]!, saved3.members[2]!]), cluster([member('h1', '1', { peer_urls: ['https://10.0.0.9:2380'] }), saved3.members[1]!, saved3.members[2]!]), none, ['cluster etcd: member h1 (1) has peer URLs https://10.0.0.9:2380, had https://10.0.0.1:2380']],
    ['a member added but not started took its name', cluster([...saved3.members, member('', '4', { role: 'learner' })]), cluster([...saved3.members, member('h4', '4', { role: 'learner' })]), none, []],
    ['a member left', saved3, cluster(saved3.members.slice(0, 2)), none, ['cluster etcd: member h3 (3) is no longer a member']],
    ['a stranger joined', saved3, cluster([...saved3.members, member('h9', '9', { role: 'learner' })]), none, ['cluster etcd: member h9 (9) joined as a learner']],
    ['a host of a done batch joined', saved3, cluster([...saved3.members, member('h4', '4')]), { done: [batch(['h4'])] }, []],
    ['a learner of a done batch was promoted', cluster([...saved3.members, member('h4', '4', { role: 'learner' })]), cluster([...saved3.members, member('h4', '4')]), { done: [batch(['h4'])] }, []],
    ['a member renamed', saved3, cluster([member('x1', '1'), saved3.members[1]!, saved3.members[2]!]), none, ['cluster etcd: member 1 is named "x1", was "h1"']],
    ['a voter demoted', saved3, cluster([member('h1', '1', { role: 'learner' }), saved3.members[1]!, saved3.members[2]!]), { done: batches.slice(0, 1) }, ['cluster etcd: member h1 (1) is a learner, was a voter']],
  ])('%s', (_name, savedFingerprint, live, progress, changes) => {
    expect(clusterDrift(savedFingerprint, live, progress)).toEqual(changes);
  });
});

const plan = (hosts: string[], clusterBatches: BatchDocument[] = batches): PlanDocument => ({
  format: 1,
  plays: [
    {
      name: 'restart',
      hosts,
      clusters: [{ name: 'etcd', members: 3, voters: 3, quorum: 2, tolerance: 1, unhealthy: [], unhealthy_reasons: {}, leader: 'h3', batches: clusterBatches }],
      changes: [],
    },
  ],
});
const saved: SavedPlan = { format: 1, engine_version: '0.1.0', inputs, fingerprints: [saved3], plan: plan(['h1', 'h2', 'h3']) };

describe('inputChanges: each input in turn', () => {
  it.each<[string, Partial<PlanInputDigests>, string, string[]]>([
    ['nothing', {}, '0.1.0', []],
    ['the inventory', { inventory: digest('e') }, '0.1.0', ['the inventory changed (sha256 aaaaaaaaaaaa -> eeeeeeeeeeee)']],
    ['the playbook', { playbook: digest('e') }, '0.1.0', ['the playbook changed (sha256 bbbbbbbbbbbb -> eeeeeeeeeeee)']],
    ['the roles', { roles: digest('e') }, '0.1.0', ['the roles changed (sha256 cccccccccccc -> eeeeeeeeeeee)']],
    ['the extra vars', { extra_vars: digest('e') }, '0.1.0', ['the extra vars changed (sha256 dddddddddddd -> eeeeeeeeeeee)']],
    ["quorum's version", {}, '0.2.0', ["quorum's version changed: 0.1.0 -> 0.2.0"]],
  ])('%s', (_name, patch, engineVersion, changes) => {
    expect(inputChanges(saved, { engineVersion, inputs: { ...inputs, ...patch } })).toEqual(changes);
  });
});

describe('the start of a fresh run and of a resumed one', () => {
  const current = { engineVersion: '0.1.0', inputs };
  it.each<[string, ClusterFingerprint, PlanDocument, string[]]>([
    ['all as planned', saved3, plan(['h1', 'h2', 'h3']), []],
    ['a different --limit', saved3, plan(['h1', 'h2']), ['play "restart": hosts are h1, h2, were h1, h2, h3 (a different --limit?)']],
    // An election orders the batches differently: not stale (the leader is found again before each batch).
    ['the planner orders the batches differently now', cluster(saved3.members, '1'), plan(['h1', 'h2', 'h3'], [batch(['h2']), batch(['h3']), batch(['h1'], ['h1', 'h2'])]), []],
    // Health is checked for safety (unsafeBatches), not pinned.
    ['a member went down', cluster([saved3.members[0]!, member('h2', '2', { healthy: false }), saved3.members[2]!]), plan(['h1', 'h2', 'h3']), []],
    ['a voter demoted to learner', cluster([...saved3.members.slice(0, 2), member('h3', '3', { role: 'learner' })]), plan(['h1', 'h2', 'h3']), ['cluster etcd: member h3 (3) is a learner, was a voter']],
  ])('fresh: %s', (_name, live, now, changes) => {
    expect(freshStartChanges(saved, current, [live], now)).toEqual(changes);
  });

  it.each<[string, ClusterFingerprint, number, number | undefined, string[]]>([
    ['after batch 1, nothing else changed', saved3, 1, undefined, []],
    ['killed inside the leader batch after moving leadership', cluster(saved3.members, '1'), 2, 3, []],
    ['after batch 1 the leader moved by hand', cluster(saved3.members, '2'), 1, undefined, []],
    ['after batch 2, h2 is down again', cluster([saved3.members[0]!, member('h2', '2', { healthy: false }), saved3.members[2]!]), 2, undefined, []],
    ['after batch 1, a member was removed', cluster(saved3.members.slice(0, 2)), 1, undefined, ['cluster etcd: member h3 (3) is no longer a member']],
  ])('resumed: %s', (_name, live, done, inFlight, changes) => {
    const progress = new Map([[progressKey(0, 'etcd'), { done, complete: false, ...(inFlight ? { inFlight } : {}) }]]);
    // The planner would plan the members already done again: resume does not compare batches.
    expect(resumeChanges(saved, current, [live], plan(['h1', 'h2', 'h3'], [batch(['h3'])]), progress)).toEqual(changes);
  });

  it.each<[string, string[], string[]]>([
    ['same hosts', ['h1', 'h2', 'h3'], []],
    ['no hosts now', [], ['play "restart": hosts are none, were h1, h2, h3 (a different --limit?)']],
  ])('play hosts: %s', (_name, hosts, changes) => {
    expect(playHostChanges(saved.plan, plan(hosts))).toEqual(changes);
  });
});
