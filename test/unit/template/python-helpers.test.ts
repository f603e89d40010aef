// The Python behaviours under the filters, as tables: literal reading (ast.literal_eval), printf formatting,
// LooseVersion ordering, shlex.quote, str()/repr() of values, truthiness.
import { describe, expect, it } from 'vitest';
import { shellQuoteWord } from '../../../engine/template/filters/strings.js';
import { parsePythonLiteral } from '../../../engine/template/python-literal.js';
import { pythonPercentFormat } from '../../../engine/template/python-format.js';
import { pythonStr, pythonTruthy } from '../../../engine/template/python-value.js';
import { compareVersions } from '../../../engine/template/version-compare.js';

describe('parsePythonLiteral', () => {
  it.each([
    ['[1, 2]', { ok: true, value: [1, 2] }],
    ["['a', \"b\"]", { ok: true, value: ['a', 'b'] }],
    ["{'a': 1, 'b': [True, None]}", { ok: true, value: { a: 1, b: [true, null] } }],
    ['(1, 2)', { ok: true, value: [1, 2] }],
    ['[1, 2,]', { ok: true, value: [1, 2] }],
    ['True', { ok: true, value: true }],
    ['False', { ok: true, value: false }],
    ['-1.5', { ok: true, value: -1.5 }],
    ["'it\\'s'", { ok: true, value: "it's" }],
    ["['a\\nb']", { ok: true, value: ['a\nb'] }],
    ['{1: 2}', { ok: true, value: { 1: 2 } }],
    ['[]', { ok: true, value: [] }],
    ['{}', { ok: true, value: {} }],
    ['[etcd1, etcd2]', { ok: false }],
    ['[1, 2', { ok: false }],
    ['{"a": 1} extra', { ok: false }],
    ['true', { ok: false }],
    ["{'a': [1, 2]}", { ok: true, value: { a: [1, 2] } }],
  ])('%s', (text, expected) => {
    expect(parsePythonLiteral(text)).toEqual(expected);
  });
});

describe('pythonPercentFormat', () => {
  it.each<[string, unknown, string]>([
    ['%s', 'x', 'x'],
    ['%s-%s', ['a', 1], 'a-1'],
    ['%d', 3.9, '3'],
    ['%5d|', 42, '   42|'],
    ['%-5d|', 42, '42   |'],
    ['%05d', -42, '-0042'],
    ['%.2f', 3.14159, '3.14'],
    ['%x', 255, 'ff'],
    ['%X', 255, 'FF'],
    ['%o', 8, '10'],
    ['%r', 'a', "'a'"],
    ['%s %s', [1, 'a'], '1 a'],
    ['%s', [[1, 'a']], "[1, 'a']"],
    ['%(name)s:%(port)d', { name: 'etcd', port: 2379 }, 'etcd:2379'],
    ['100%%', [], '100%'],
    ['%+d', 5, '+5'],
    ['%e', 12345.678, '1.234568e+04'],
  ])('%j %% %j -> %j', (format, args, expected) => {
    expect(pythonPercentFormat(format, args)).toBe(expected);
  });
});

describe('compareVersions (LooseVersion)', () => {
  it.each<[string, string, string, boolean]>([
    ['3.5.1', '3.5.0', '>=', true],
    ['3.4.23', '3.5', '<', true],
    ['3.5.10', '3.5.9', 'gt', true],
    ['3.5', '3.5.0', '<', true],
    ['3.5.0', '3.5.0', 'eq', true],
    ['3.5.0', '3.5.0', '!=', false],
    ['v3.6.0', 'v3.5.99', 'ge', true],
    ['1.10', '1.9', '>', true],
    ['2.0', '10.0', '<', true],
    ['3.5.0', '3.5.0', '<>', false],
    ['3.5.0', '3.5.0', 'le', true],
  ])('%s %s %s -> %s', (version, other, operator, expected) => {
    expect(compareVersions(version, other, operator, false)).toBe(expected);
  });

  it.each<[string, string, string, boolean]>([
    ['3.5.0', '3.5.1', '<', true],
    ['3.5', '3.5.0', '==', true],
    ['3.5.0a1', '3.5.0', '<', true],
    ['3.5.0b2', '3.5.0a9', '>', true],
  ])('strict: %s %s %s -> %s', (version, other, operator, expected) => {
    expect(compareVersions(version, other, operator, true)).toBe(expected);
  });
});

describe('shellQuoteWord (shlex.quote)', () => {
  it.each([
    ['plain', 'plain'],
    ['/var/lib/etcd', '/var/lib/etcd'],
    ['a b', "'a b'"],
    ["it's", `'it'"'"'s'`],
    ['', "''"],
    ['$HOME', "'$HOME'"],
    ['key=value,x:y@z%+', 'key=value,x:y@z%+'],
  ])('%j -> %j', (word, expected) => {
    expect(shellQuoteWord(word)).toBe(expected);
  });
});

describe('pythonStr and pythonTruthy', () => {
  it.each<[unknown, string, boolean]>([
    [null, 'None', false],
    [true, 'True', true],
    [false, 'False', false],
    [0, '0', false],
    [2.5, '2.5', true],
    ['', '', false],
    ['x', 'x', true],
    [[], '[]', false],
    [['a', 1, null], "['a', 1, None]", true],
    [{}, '{}', false],
    [{ k: 'v', n: [true] }, "{'k': 'v', 'n': [True]}", true],
    [["it's"], `["it's"]`, true],
    [['a\nb'], "['a\\nb']", true],
  ])('%j prints %j, truthy %s', (value, printed, truth) => {
    expect(pythonStr(value)).toBe(printed);
    expect(pythonTruthy(value)).toBe(truth);
  });
});
