import { describe, expect, it } from 'vitest';
import { describeValue, pointerToPath } from '../../../engine/load/schema-diagnostics.js';

describe('describeValue: how a wrong value is named in a message', () => {
  it.each([
    [null, 'empty'],
    [undefined, 'empty'],
    [[1], 'a list'],
    [{ a: 1 }, 'a mapping'],
    ['x', 'the string "x"'],
    ['a'.repeat(50), `the string "${'a'.repeat(37)}..."`],
    [3, 'the number 3'],
    [false, 'the boolean false'],
  ])('%j -> %s', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});

describe('pointerToPath: ajv instance paths back to YAML paths', () => {
  const data = [{ tasks: [{ when: 1 }], 'a/b': { '~x': 1 } }];
  it.each([
    ['', []],
    ['/0', [0]],
    ['/0/tasks/0/when', [0, 'tasks', 0, 'when']],
    ['/0/a~1b/~0x', [0, 'a/b', '~x']],
    ['/0/missing/3', [0, 'missing', '3']],
  ])('%s', (pointer, expected) => {
    expect(pointerToPath(pointer, data)).toEqual(expected);
  });
});
