// The hooks apply puts around each rolling batch: which batches run (the saved ones, less those a resumed run
// completed), what stops a batch (a closed window, a changed input, a changed cluster), and what is journaled.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyHooks, plannedBatch } from '../../../engine/apply/apply-hooks.js';
import type { Clock } from '../../../engine/apply/clock.js';
import { JournalWriter } from '../../../engine/apply/journal-file.js';
import { progressKey, type ClusterProgress } from '../../../engine/apply/journal-replay.js';
import { parseWindow } from '../../../engine/apply/window.js';
import type { Play } from '../../../engine/load/types.js';
import type { ClusterMember, ClusterState } from '../../../engine/plan/cluster-state.js';
import { fingerprintCluster } from '../../../engine/plan/fingerprint.js';
import type { BatchDocument } from '../../../engine/plan/plan-document.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';
import { planCluster } from '../../../engine/plan/plan-cluster.js';
import type { PlanInputDigests, SavedPlan } from '../../../engine/plan/saved-plan.js';

const status = { leaderId: '3', raftIndex: 10, raftAppliedIndex: 10, raftTerm: 2, version: '3.4.23' };
const member = (n: number, healthy = true): ClusterMember => ({
  id: String(n),
  name: `h${n}`,
  peerUrls: [`http://127.0.0.${n}:2380`],
  clientUrls: [`http://127.0.0.${n}:2379`],
  role: 'voter',
  health: healthy ? { healthy: true, status } : { healthy: false, reason: 'connection refused' },
});
const state = (members: ClusterMember[], leaderId = '3'): ClusterState => ({ clusterId: '99', members, leaderId, source: 'table' });
const planned = state([member(1), member(2), member(3)]);
const hosts: PlanHost[] = [1, 2, 3].map((n) => ({ name: `h${n}`, cluster: 'etcd', address: `127.0.0.${n}` }));
const outcome = planCluster({ cluster: 'etcd', hosts, state: planned, limits: {} });
const batches: BatchDocument[] = [
  { kind: 'followers', hosts: ['h1'], voters_up: 2, margin: 0 },
  { kind: 'followers', hosts: ['h2'], voters_up: 2, margin: 0 },
  { kind: 'leader', hosts: ['h3'], voters_up: 2, margin: 0, move_leader: { from: 'h3', to: 'h1', to_id: '1' } },
];
const digest = (seed: string): string => seed.repeat(64).slice(0, 64);
const inputs: PlanInputDigests = { inventory: digest('a'), playbook: digest('b'), roles: digest('c'), extra_vars: digest('d') };
const saved: SavedPlan = {
  format: 1,
  engine_version: '0.1.0',
  inputs,
  fingerprints: [fingerprintCluster('etcd', planned)],
  plan: {
    format: 1,
    plays: [
      {
        name: 'restart',
        hosts: ['h1', 'h2', 'h3'],
        clusters: [{ name: 'etcd', members: 3, voters: 3, quorum: 2, tolerance: 1, unhealthy: [], unhealthy_reasons: {}, leader: 'h3', batches }],
        changes: [],
      },
    ],
  },
};
const play = { name: 'restart', hosts: 'etcd' } as Play;
/** 2026-11-28 01:30 local. */
const fixedClock = (hh: number, mm: number): Clock => ({ now: () => new Date(2026, 10, 28, hh, mm), sleep: async () => undefined });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'quorum-apply-hooks-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function hooksFor(options: { clock?: Clock; window?: string; inputs?: PlanInputDigests; progress?: [string, ClusterProgress][] }) {
  const journal = await JournalWriter.open(join(dir, `${Math.random().toString(16).slice(2)}.jsonl`));
  const hooks = new ApplyHooks({
    planFile: 'plan.json',
    saved,
    journal,
    progress: new Map(options.progress ?? []),
    ...(options.window ? { window: parseWindow(options.window) } : {}),
    clock: options.clock ?? fixedClock(1, 30),
    engineVersion: '0.1.0',
    currentInputs: async () => options.inputs ?? inputs,
  });
  return { hooks, journal };
}

describe('ApplyHooks.startCluster: the saved batches, less the completed ones', () => {
  it.each<[string, [string, ClusterProgress][], number]>([
    ['a fresh run', [], 0],
    ['resumed after batch 1', [[progressKey(0, 'etcd'), { done: 1, complete: false }]], 1],
    ['resumed inside batch 3', [[progressKey(0, 'etcd'), { done: 2, inFlight: 3, complete: false }]], 2],
  ])('%s', async (_name, progress, done) => {
    const { hooks } = await hooksFor({ progress });
    const schedule = await hooks.startCluster({ play, playIndex: 0, cluster: 'etcd', hosts, state: planned, outcome });
    expect(schedule.done).toBe(done);
    expect(schedule.batches.map((b) => b.hosts)).toEqual([['h1'], ['h2'], ['h3']]);
    expect(schedule.batches[2]!.moveLeader).toEqual({ from: 'h3', fromId: '3', to: 'h1', toId: '1' });
  });

  it.each<[string, number, string, string]>([
    ['a play the plan does not have', 1, 'etcd', 'play "restart": not in the saved plan at position 2'],
    ['a cluster the plan does not have', 0, 'other', 'play "restart", cluster other: not in the saved plan'],
  ])('refuses %s', async (_name, playIndex, cluster, stale) => {
    const { hooks } = await hooksFor({});
    await expect(hooks.startCluster({ play, playIndex, cluster, hosts, state: planned, outcome })).rejects.toThrow('the saved plan is stale');
    expect(hooks.stale).toEqual([stale]);
  });
});

describe('ApplyHooks.beforeBatch', () => {
  it.each<[string, { clock?: Clock; window?: string; inputs?: PlanInputDigests }, number, ClusterState, RegExp | undefined, boolean]>([
    ['everything as planned', {}, 0, planned, undefined, false],
    ['inside a window that crosses midnight', { window: '22:00-02:00' }, 1, planned, undefined, false],
    ['after the window closed', { window: '22:00-01:00' }, 1, planned, /^the change window 22:00-01:00 closed \(now 2026-11-28 01:30:00\); batch 2 of 3 was not started$/, true],
    ['the playbook edited during the run', { inputs: { ...inputs, playbook: digest('e') } }, 1, planned, /stale before batch 2 of 3: the playbook changed/, false],
    // Health and the leader are not the plan's to pin: the rolling play checks the batch is safe and takes the
    // leader of then last (batch-safety.ts, leader-last.ts).
    ['a follower down that no batch restarted yet', {}, 1, state([member(1), member(2), member(3, false)]), undefined, false],
    ['the member of batch 1 down again', {}, 1, state([member(1, false), member(2), member(3)]), undefined, false],
    ['the leader moved by hand before the leader batch', {}, 2, state([member(1), member(2), member(3)], '2'), undefined, false],
    ['a member removed from the cluster', {}, 1, state([member(1), member(2)]), /member h3 \(3\) is no longer a member/, false],
  ])('%s', async (_name, options, index, live, stop, windowClosed) => {
    const { hooks } = await hooksFor(options);
    const verdict = await hooks.beforeBatch({ play, playIndex: 0, cluster: 'etcd', index, batches: batches.map((b) => plannedBatch(b, planned, hosts)), readState: async () => live });
    if (stop === undefined) expect(verdict).toEqual({ go: true });
    else expect(verdict.go ? '' : verdict.reason).toMatch(stop);
    expect(hooks.windowClosed !== undefined).toBe(windowClosed);
  });
});

describe('the journal lines the hooks write', () => {
  it('batch started, gate passed, cluster done, in order', async () => {
    const { hooks, journal } = await hooksFor({});
    const point = { play, playIndex: 0, cluster: 'etcd', index: 0, batches: batches.map((b) => plannedBatch(b, planned, hosts)), readState: async () => planned };
    await hooks.batchStarted(point);
    await hooks.gatePassed(point);
    await hooks.clusterDone(play, 0, 'etcd');
    await journal.close();
    const lines = (await readFile(journal.path, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { type: string; batch?: number; hosts?: string[] });
    expect(lines.map((l) => [l.type, l.batch, l.hosts])).toEqual([
      ['batch_started', 1, ['h1']],
      ['gate_passed', 1, ['h1']],
      ['cluster_done', undefined, undefined],
    ]);
  });
});
