// Ctrl-C and SIGTERM: at once outside a rollout; inside one, first between batches, then at once.
import { describe, expect, it } from 'vitest';
import { withInterrupts } from '../../../engine/execute/interrupt-hooks.js';
import { Interrupts } from '../../../engine/execute/interrupts.js';
import type { RollingBatchPoint, RollingClusterStart, RollingHooks } from '../../../engine/execute/rolling-hooks.js';
import type { Play } from '../../../engine/load/types.js';
import type { PlannedBatch } from '../../../engine/plan/cluster-plan.js';

function recorder(): { interrupts: Interrupts; exits: number[]; said: string[] } {
  const exits: number[] = [];
  const said: string[] = [];
  return { interrupts: new Interrupts({ exit: (code) => void exits.push(code), say: (line) => void said.push(line) }), exits, said };
}

const play = { name: 'restart' } as Play;
const batches: PlannedBatch[] = [1, 2, 3].map((n) => ({ kind: 'followers', hosts: [`h${n}`], voters: 3, quorum: 2, votersUp: 2, margin: 0 }));
const point = (index: number, cluster = 'etcd'): RollingBatchPoint => ({ play, playIndex: 0, cluster, index, batches, readState: async () => { throw new Error('not read'); } });
const start = (cluster = 'etcd', ok = true): RollingClusterStart =>
  ({
    play,
    playIndex: 0,
    cluster,
    hosts: [],
    state: { members: [] },
    outcome: ok
      ? { ok: true, plan: { cluster, voters: 3, quorum: 2, tolerance: 1, members: 3, learners: 0, unhealthy: [], leader: 'h3', batches } }
      : { ok: false, refusal: { cluster, voters: 3, quorum: 2, tolerance: 1, unhealthy: [], reason: 'no healthy voter can go down', hint: 'bring h1 back' } },
  }) as unknown as RollingClusterStart;

describe('Interrupts', () => {
  it.each<[string, number, number, number[], number]>([
    // name, holds taken, signals, exit codes, lines said
    ['outside a rollout: the first signal ends the process', 0, 1, [99], 0],
    ['in a rollout: the first signal asks for a stop between batches', 1, 1, [], 1],
    ['in a rollout: the second signal ends the process', 1, 2, [99], 2],
  ])('%s', (_name, holds, signals, exits, lines) => {
    const r = recorder();
    for (let i = 0; i < holds; i++) r.interrupts.hold();
    for (let i = 0; i < signals; i++) r.interrupts.signal('SIGINT');
    expect(r.exits).toEqual(exits);
    expect(r.said).toHaveLength(lines);
    expect(r.interrupts.requested).toBe(holds > 0 ? 'SIGINT' : undefined);
  });

  it('a released hold no longer holds, and releasing twice counts once', () => {
    const r = recorder();
    const release = r.interrupts.hold();
    r.interrupts.hold();
    release();
    release();
    r.interrupts.signal('SIGTERM');
    expect(r.exits).toEqual([]);
  });
});

describe('withInterrupts', () => {
  it.each<[string, number, string | undefined]>([
    ['no interrupt: the batch goes', 1, undefined],
    ['interrupt before batch 1', 0, 'interrupted (SIGINT): batch 1 of 3 of cluster etcd was not started; no batch had started'],
    ['interrupt before batch 2', 1, 'interrupted (SIGINT): batch 2 of 3 of cluster etcd was not started; batch 1 completed with the health gate'],
    ['interrupt before batch 3', 2, 'interrupted (SIGINT): batch 3 of 3 of cluster etcd was not started; batches 1-2 completed with the health gate'],
  ])('%s', async (_name, index, reason) => {
    const r = recorder();
    const hooks = withInterrupts(undefined, r.interrupts);
    const schedule = await hooks.startCluster!(start());
    expect(schedule).toEqual({ batches, done: 0 });
    if (reason !== undefined) r.interrupts.signal('SIGINT');
    const verdict = await hooks.beforeBatch!(point(index));
    expect(verdict).toEqual(reason === undefined ? { go: true } : { go: false, reason });
    expect(r.interrupts.stopped).toEqual(reason === undefined ? [] : [reason]);
  });

  it('holds from the start of a cluster to its end, done or halted', async () => {
    const r = recorder();
    const hooks = withInterrupts(undefined, r.interrupts);
    await hooks.startCluster!(start('a'));
    await hooks.startCluster!(start('b'));
    await hooks.clusterDone!(play, 0, 'a');
    r.interrupts.signal('SIGINT');
    expect(r.exits).toEqual([]);
    hooks.halted!(play, 0, 'b', 'stopped-by-caller', 'interrupted');
    r.interrupts.signal('SIGINT');
    expect(r.exits).toEqual([99]);
  });

  it('refuses as the rolling play does without hooks when the live plan is a refusal', async () => {
    const hooks = withInterrupts(undefined, recorder().interrupts);
    await expect(hooks.startCluster!(start('etcd', false))).rejects.toThrow(/no healthy voter can go down/);
  });

  it("passes every step to the caller's own hooks, and asks them before a batch only when not interrupted", async () => {
    const calls: string[] = [];
    const inner: RollingHooks = {
      startCluster: async () => (calls.push('start'), { batches, done: 1 }),
      beforeBatch: async () => (calls.push('before'), { go: true }),
      batchStarted: async () => void calls.push('started'),
      gatePassed: async () => void calls.push('gate'),
      clusterDone: async () => void calls.push('done'),
      halted: () => void calls.push('halted'),
    };
    const r = recorder();
    const hooks = withInterrupts(inner, r.interrupts);
    expect(await hooks.startCluster!(start())).toEqual({ batches, done: 1 });
    await hooks.beforeBatch!(point(1));
    await hooks.batchStarted!(point(1));
    await hooks.gatePassed!(point(1));
    r.interrupts.signal('SIGINT');
    await hooks.beforeBatch!(point(2));
    hooks.halted!(play, 0, 'etcd', 'stopped-by-caller', 'interrupted');
    await hooks.clusterDone!(play, 0, 'etcd');
    expect(calls).toEqual(['start', 'before', 'started', 'gate', 'halted', 'done']);
  });
});
