// The raft numbers for every cluster size a user can have, including the even sizes floor(n / 2) gets wrong.
import { describe, expect, it } from 'vitest';
import { quorumNumbers } from '../../../engine/plan/quorum-math.js';
import { resolveSerial, serialCapFromSteps, userBatchCap } from '../../../engine/plan/batch-limits.js';

describe('quorumNumbers', () => {
  it.each([
    [0, 1, 0],
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
    [6, 4, 2],
    [7, 4, 3],
    [8, 5, 3],
    [9, 5, 4],
  ])('%i voters: quorum %i, tolerance %i', (voters, quorum, tolerance) => {
    expect(quorumNumbers(voters)).toEqual({ voters, quorum, tolerance });
  });

  it.each([[-1], [2.5], [Number.NaN]])('rejects %d voters', (voters) => {
    expect(() => quorumNumbers(voters)).toThrow(RangeError);
  });
});

describe('resolveSerial', () => {
  it.each<[number | `${number}%`, number, number]>([
    [2, 10, 2],
    ['50%', 5, 2],
    ['30%', 10, 3],
    ['10%', 5, 1],
    ['100%', 7, 7],
  ])('serial %s of %i hosts is %i', (serial, hosts, expected) => {
    expect(resolveSerial(serial, hosts)).toBe(expected);
  });
});

describe('userBatchCap', () => {
  it.each([
    [{}, Number.POSITIVE_INFINITY],
    [{ serial: 3 }, 3],
    [{ maxUnavailable: 2 }, 2],
    [{ serial: 1, maxUnavailable: 4 }, 1],
  ])('%j caps a batch at %d', (limits, expected) => {
    expect(userBatchCap(limits)).toBe(expected);
  });
});

describe('serialCapFromSteps', () => {
  it.each<[(number | string)[], number, number | undefined]>([
    [[], 10, undefined],
    [[3], 10, 3],
    [[1, 5, '50%'], 10, 1],
    [['20%', 4], 10, 2],
    [['3'], 10, 3],
    [['many'], 10, Number.NaN],
  ])('%j of %i hosts caps at %d', (steps, hosts, expected) => {
    expect(serialCapFromSteps(steps, hosts)).toBe(expected);
  });
});
