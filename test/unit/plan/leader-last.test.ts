// The leader is taken last, whoever leads when each batch is about to run.
import { describe, expect, it } from 'vitest';
import type { PlannedBatch } from '../../../engine/plan/cluster-plan.js';
import { keepLeaderLast } from '../../../engine/plan/leader-last.js';
import { buildState, planHosts } from './cluster-builder.js';

const five = ['h1', 'h2', 'h3', 'h4', 'h5'].map((name) => ({ name }));
const hosts = planHosts(five.map((m) => m.name));
const batch = (kind: PlannedBatch['kind'], ...names: string[]): PlannedBatch => ({ kind, hosts: names, voters: 5, quorum: 3, votersUp: 3, margin: 0 });
// As planned when h1 led: followers two at a time, h1 last.
const planned = [batch('followers', 'h2', 'h3'), batch('followers', 'h4', 'h5'), batch('leader', 'h1')];
const shape = (batches: readonly PlannedBatch[]) => batches.map((b) => `${b.kind}:${b.hosts.join(',')}${b.moveLeader ? `(${b.moveLeader.from}->${b.moveLeader.to})` : ''}`);

describe('keepLeaderLast', () => {
  it.each<[string, string, number, readonly PlannedBatch[], string[], string | undefined]>([
    ['the leader as planned, before batch 1', 'h1', 0, planned, ['followers:h2,h3', 'followers:h4,h5', 'leader:h1'], undefined],
    ['the leader as planned, before its own batch: leadership moves to a restarted host', 'h1', 2, planned, ['followers:h2,h3', 'followers:h4,h5', 'leader:h1(h1->h2)'], undefined],
    [
      'h4 leads now: it swaps with the planned leader, sizes kept',
      'h4',
      0,
      planned,
      ['followers:h2,h3', 'followers:h1,h5', 'leader:h4'],
      'h4 leads now (the plan took h1 last): h4 moves to batch 3 of 3, the last, and h1 takes its place in batch 2',
    ],
    [
      'h3 leads before batch 1: it moves out of the batch about to go down',
      'h3',
      0,
      planned,
      ['followers:h2,h1', 'followers:h4,h5', 'leader:h3'],
      'h3 leads now (the plan took h1 last): h3 moves to batch 3 of 3, the last, and h1 takes its place in batch 1',
    ],
    ['the leader is a host already restarted: nothing moves', 'h2', 1, planned, ['followers:h2,h3', 'followers:h4,h5', 'leader:h1'], undefined],
    ['no leader seen: nothing moves, no leadership move', 'none', 2, planned, ['followers:h2,h3', 'followers:h4,h5', 'leader:h1'], undefined],
  ])('%s', (_name, leader, index, batches, expected, moved) => {
    const order = keepLeaderLast(batches, index, buildState(five, leader === 'none' ? undefined : leader), hosts);
    expect(shape(order.batches)).toEqual(expected);
    expect(order.moved).toBe(moved);
    // The plan's own batches are never changed in place.
    expect(shape(planned)).toEqual(['followers:h2,h3', 'followers:h4,h5', 'leader:h1']);
  });
});
