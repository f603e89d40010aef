import { describe, expect, it } from 'vitest';
import { iniValue } from '../../../engine/inventory/python-literal.js';

// Expected values are what Python 3.11's ast.literal_eval gives (checked by hand against python3 on this
// machine), or the text itself where literal_eval refuses it, as Ansible's INI plugin does.
describe('iniValue reads INI values as ast.literal_eval does', () => {
  it.each([
    ['1', 1],
    ['-5', -5],
    ['+7', 7],
    ['1_000', 1000],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['1.5', 1.5],
    ['1.', 1],
    ['.5', 0.5],
    ['1e3', 1000],
    ['1E+5', 100000],
    ['0', 0],
    ['00', 0],
    ['True', true],
    ['False', false],
    ['None', null],
    ["'quoted'", 'quoted'],
    ['"double"', 'double'],
    ["'a' 'b'", 'ab'],
    ['"\\x41\\u00e9\\101"', 'AéA'],
    ['r"a\\nb"', 'a\\nb'],
    ['"tab\\there"', 'tab\there'],
    ["b'bytes'", 'bytes'],
    ['[1, 2]', [1, 2]],
    ['[1, [2, {"a": None}]]', [1, [2, { a: null }]]],
    ['(1, 2)', [1, 2]],
    ['(1,)', [1]],
    ['()', []],
    ['(5)', 5],
    ['1, 2', [1, 2]],
    ['{}', {}],
    ["{'a': 1, 'b': [True]}", { a: 1, b: [true] }],
    ['{1: "one"}', { '1': 'one' }],
    ['[1, 2,]', [1, 2]],
    ['1 # a comment', 1],
    ['True # yes', true],
    [' 5', 5],
  ] as const)('%s', (text, expected) => {
    expect(iniValue(text)).toEqual(expected);
  });
});

describe('iniValue keeps the text when it is not a Python literal', () => {
  it.each([
    'yes', 'no', 'true', 'false', 'null', 'on', 'hello world', '017', '07', '0_1', '1__0', '+-1', 'not 1',
    'inf', 'a # b', 'prod # trailing', "'unclosed", '[1, 2', '{"a": 1', 'f"x"', '10.0.0.1', '/etc/etcd', '{{ x }}',
    '1:2', '', '"a" b"', '-"x"', 'x=1',
  ])('%s', (text) => {
    expect(iniValue(text)).toBe(text);
  });
});

// Python reads `1j` as a complex number, which ansible-inventory then cannot print as JSON; quorum keeps the text.
describe('iniValue keeps complex numbers as text', () => {
  it.each(['1j', '2+3j'])('%s', (text) => {
    expect(iniValue(text)).toBe(text);
  });
});
