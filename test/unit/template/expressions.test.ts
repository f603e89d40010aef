// `{{ expr }}` alone yields the expression's native value. Expected values are what Ansible 2.14 printed for
// the same expression and variables (`ansible localhost -m debug`), with numbers kept as numbers (Ansible's
// jinja2_native behaviour; its default mode would give the string "5" for `{{ 5 }}`).
import { describe, expect, it } from 'vitest';
import { templateValue } from '../../../engine/template/public-api.js';
import { context, oracleVars } from './engine-fixture.js';

function evaluate(expression: string): unknown {
  return templateValue(`{{ ${expression} }}`, oracleVars, context());
}

describe('literals and operators', () => {
  it.each([
    ['5', 5],
    ["'5'", '5'],
    ["'[1,2]'", [1, 2]],
    ['[1,2] + [3]', [1, 2, 3]],
    ['"a" ~ 1', 'a1'],
    ['none', null],
    ['None', null],
    ['True', true],
    ['False', false],
    ['true', true],
    ["{'a': 1}", { a: 1 }],
    ["{'x': {'y': 1}}", { x: { y: 1 } }],
    ['d.a == 1.0', true],
    ["'1' == 1", false],
    ['[1,2] == [1,2]', true],
    ["{'a': [1]} == {'a': [1]}", true],
    ['1 == True', true],
    ["[] or 'x'", 'x'],
    ["'' or 'fallback'", 'fallback'],
    ["'first' or 'second'", 'first'],
    ["{} and 'x'", {}],
    ["1 and 'x'", 'x'],
    ["'%s-%d' % ('a', 3)", 'a-3'],
    ["'%05.1f' % 3.14159", '003.1'],
    ["'%-5s|' % 'ab'", 'ab   |'],
    ["'%05d' % 42", '00042'],
    ["'%(k)s!' % {'k': 'v'}", 'v!'],
    ["'-' * 3", '---'],
    ["'x' * 0", ''],
    ['[0] * 3', [0, 0, 0]],
    ['5 // 2', 2],
    ['7 / 2', 3.5],
    ['10 / 4', 2.5],
    ['7 // 2 * 1.5', 4.5],
    ['2 ** 10', 1024],
    ['-7 % 3', 2],
    ['1 < 2 < 3', true],
    ['3 > 2 > 2', false],
    ["'b' > 'a'", true],
    ['[1, 2] < [1, 3]', true],
    ["num ~ ''", '5'],
    ['-num', -5],
    ["'b' in d", true],
    ['2 in l', true],
    ["'World' in s", true],
    ["'a' in ['a']", true],
    ["'a' not in l", true],
    ['[1] in [[1], [2]]', true],
    ["'x' if n else 'y'", 'y'],
    ["'yes' if l else 'no'", 'yes'],
    ["'yes' if [] else 'no'", 'no'],
    ["'x' if false", ''],
    ['not []', true],
    ['not l', false],
    ['range(3) | list', [0, 1, 2]],
    ['range(1, 10, 3) | list', [1, 4, 7]],
    ['dict(a=1)', { a: 1 }],
    ["('a', 'b')", ['a', 'b']],
    ['(1 + 2) * 3', 9],
  ])('{{ %s }} -> %j', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('attribute and item access', () => {
  it.each([
    ['d.b', [1, 2]],
    ["d['b'][0]", 1],
    ['d.b[1]', 2],
    ['l[-1]', 2],
    ['s[0]', 'H'],
    ["d['a']", 1],
    ['users[1].name', 'b'],
    ["users[0]['on']", true],
    ['[1, "a", none, true]', [1, 'a', null, true]],
    ["{'k': none}", { k: null }],
    ['users.0.name', 'a'],
    ['d.b.1', 2],
    ['[[1, [2, 3]]].0.1.0', 2],
    ['(d.b).0', 1],
    ['d.b.0 + 1.5', 2.5],
    ['l | map("string") | list | first', '3'],
  ])('{{ %s }} -> %j', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('Python methods on values', () => {
  it.each([
    ['s.split()', ['Hello', 'World']],
    ["s.split(' ')", ['Hello', 'World']],
    ["'a,b,,c'.split(',')", ['a', 'b', '', 'c']],
    ["'a,b,c'.split(',', 1)", ['a', 'b,c']],
    ["'a,b,c'.rsplit(',', 1)", ['a,b', 'c']],
    ["'  x  '.strip()", 'x'],
    ["'xxhixx'.strip('x')", 'hi'],
    ["'  x'.lstrip()", 'x'],
    ["s.startswith('He')", true],
    ["'Hello'.endswith(('lo', 'x'))", true],
    ["s.replace('l', 'L', 1)", 'HeLlo World'],
    ["s.replace('l', 'L')", 'HeLLo WorLd'],
    ['s.lower()', 'hello world'],
    ['s.upper()', 'HELLO WORLD'],
    ["s.find('World')", 6],
    ["'{} and {}'.format('x', 'y')", 'x and y'],
    ["'{1}{0}'.format('a', 'b')", 'ba'],
    ["'-'.join(['a', 'b'])", 'a-b'],
    ["'a\\nb'.splitlines()", ['a\\nb']],
    ["'42'.isdigit()", true],
    ['d.items() | list', [['a', 1], ['b', [1, 2]]]],
    ['d.keys() | list', ['a', 'b']],
    ['d.values() | list', [1, [1, 2]]],
    ["d.get('zz', 'dflt')", 'dflt'],
    ["d.get('a')", 1],
    ["d.get('zz')", null],
    ['l.index(1)', 1],
    ['l.count(3)', 1],
  ])('{{ %s }} -> %j', (expression, expected) => {
    expect(evaluate(expression)).toEqual(expected);
  });
});

describe('tests (is ...)', () => {
  it.each([
    ['foo is defined', false],
    ['foo is undefined', true],
    ['foo is not defined', true],
    ['foo.bar is defined', false],
    ['d.missing is defined', false],
    ['d.a is defined', true],
    ['d.a is not defined', false],
    ['l[7] is defined', false],
    ['n is none', true],
    ['num is none', false],
    ['s is string', true],
    ['num is string', false],
    ['num is number', true],
    ['num is integer', true],
    ['1.5 is float', true],
    ['true is boolean', true],
    ['d is mapping', true],
    ['l is mapping', false],
    ['l is sequence', true],
    ['l is iterable', true],
    ["'3.5.1' is version('3.5.0', '>=')", true],
    ["'3.4.23' is version('3.5', '<')", true],
    ["'3.5.10' is version('3.5.9', 'gt')", true],
    ["'3.5.0' is version('3.5.0', operator='eq')", true],
    ["'3.6.0-rc.1' is version('3.6.0', '<')", false],
    ["'v3.5.2' is version('v3.5.1', '>')", true],
    ["'3.5.0' is version('3.5.1', '>=', strict=true)", false],
    ["'a' is in('abc')", true],
    ["s is match('Hel')", true],
    ["s is match('World')", false],
    ["s is search('Wor')", true],
    ["s is regex('o W')", true],
    ["s is regex('^hello', ignorecase=true)", true],
    ['l is contains(2)', true],
    ['5 is even', false],
    ['4 is even', true],
    ['5 is odd', true],
    ["'abc' is lower", true],
    ["'ABC' is upper", true],
    ['[1, 2] is subset([1, 2, 3])', true],
    ['[1, 2, 3] is superset([3])', true],
    ["{'failed': true} is failed", true],
    ["{'changed': false} is changed", false],
    ["{'rc': 0} is succeeded", true],
    ["{'rc': 0} is success", true],
    ["{'skipped': true} is skipped", true],
    ['3 is eq(3)', true],
    ["'a' is equalto('a')", true],
    ['2 is lt(3)', true],
    ['2 is gt(3)', false],
  ])('{{ %s }} -> %j', (expression, expected) => {
    expect(evaluate(expression)).toBe(expected);
  });
});
