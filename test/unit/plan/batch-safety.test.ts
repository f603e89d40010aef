// Before each later batch the live state is read again: the batch must still leave quorum up.
import { describe, expect, it } from 'vitest';
import { batchStillSafe } from '../../../engine/plan/batch-safety.js';
import { buildState, type MemberSpec } from './cluster-builder.js';
import type { PlanHost } from '../../../engine/plan/plan-host.js';

const hosts = (names: string[]): PlanHost[] => names.map((name, i) => ({ name, address: `127.0.20.${i + 1}`, cluster: 'etcd' }));
const five = ['h1', 'h2', 'h3', 'h4', 'h5'];

describe.each<{ name: string; members: MemberSpec[]; batch: string[]; expected: string | undefined }>([
  { name: '3 voters, all healthy, one goes down', members: [{ name: 'h1' }, { name: 'h2' }, { name: 'h3' }], batch: ['h2'], expected: undefined },
  {
    name: '3 voters, one crashed since the plan: the next one may not go down',
    members: [{ name: 'h1' }, { name: 'h2' }, { name: 'h3', healthy: false }],
    batch: ['h2'],
    expected: 'taking down h2 now would leave 1 of 3 voters up, below quorum 2 (unhealthy now: h3); bring the unhealthy members back, then run again',
  },
  { name: 'restarting the member that is down takes nothing away', members: [{ name: 'h1' }, { name: 'h2' }, { name: 'h3', healthy: false }], batch: ['h3'], expected: undefined },
  { name: '5 voters, one down, a batch of one', members: five.map((name) => ({ name, healthy: name !== 'h5' })), batch: ['h1'], expected: undefined },
  {
    name: '5 voters, one down, a batch of two',
    members: five.map((name) => ({ name, healthy: name !== 'h5' })),
    batch: ['h1', 'h2'],
    expected: 'taking down h1, h2 now would leave 2 of 5 voters up, below quorum 3 (unhealthy now: h5); bring the unhealthy members back, then run again',
  },
  { name: 'a joining host takes no voter down', members: [{ name: 'h1' }, { name: 'h2' }, { name: 'h3' }], batch: ['h4'], expected: undefined },
  { name: 'a learner takes no voter down', members: [{ name: 'h1' }, { name: 'h2' }, { name: 'h3' }, { name: 'h4', role: 'learner' }], batch: ['h4'], expected: undefined },
])('batchStillSafe: $name', ({ members, batch, expected }) => {
  it('says whether the batch may go down now', () => {
    expect(batchStillSafe(buildState(members, 'h1'), batch, hosts(five))).toBe(expected);
  });
});
