import { describe, expect, it } from 'vitest';
import { batchSize, isValidSerialValue, serialBatches, type SerialValue } from '../../../engine/execute/serial.js';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);
const sizes = (batches: string[][]) => batches.map((b) => b.length);

describe('serialBatches cuts hosts as ansible-playbook does', () => {
  it.each<[string, number, SerialValue | SerialValue[] | undefined, number[]]>([
    ['no serial: one batch', 5, undefined, [5]],
    ['serial 1', 3, 1, [1, 1, 1]],
    ['serial 2 of 5: the last batch is short', 5, 2, [2, 2, 1]],
    ['serial larger than the hosts', 3, 10, [3]],
    ['serial 0 means all', 4, 0, [4]],
    ['a percentage rounds down', 10, '30%', [3, 3, 3, 1]],
    ['a percentage never gives 0', 3, '10%', [1, 1, 1]],
    ['100%', 4, '100%', [4]],
    ['a list, the last size repeated', 10, [1, 2, '50%'], [1, 2, 5, 2]],
    ['a list longer than needed', 3, [1, 5, 5], [1, 2]],
    ['an empty list: one batch', 3, [], [3]],
    ['a count as a string', 4, '3', [3, 1]],
    ['no hosts', 0, 2, []],
  ])('%s', (_name, n, serial, expected) => {
    expect(sizes(serialBatches(hosts(n), serial))).toEqual(expected);
  });

  it('keeps the host order', () => {
    expect(serialBatches(hosts(5), 2)).toEqual([['h1', 'h2'], ['h3', 'h4'], ['h5']]);
  });
});

describe('batchSize', () => {
  it.each<[SerialValue, number, number]>([
    ['25%', 10, 2],
    ['0%', 10, 1],
    [' 50% ', 5, 2],
    [3, 10, 3],
    [-1, 10, -1],
  ])('%s of %i hosts is %i', (value, n, expected) => {
    expect(batchSize(value, n)).toBe(expected);
  });
});

describe('isValidSerialValue', () => {
  it.each<[unknown, boolean]>([
    [1, true],
    ['30%', true],
    ['2', true],
    [1.5, false],
    ['half', false],
    [null, false],
    [true, false],
  ])('%j is %s', (value, expected) => {
    expect(isValidSerialValue(value)).toBe(expected);
  });
});
