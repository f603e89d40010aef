// evaluateCondition: `when`, `failed_when`, `changed_when`, `until`, `assert that`. Expected results are
// whether Ansible 2.14 ran a task with the same `when:` and variables.
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../../engine/template/errors.js';
import { type Condition, evaluateCondition } from '../../../engine/template/public-api.js';
import { context } from './engine-fixture.js';

const vars = {
  d: { a: 1, b: [1, 2] },
  l: [3, 1, 2],
  sf: 'false',
  st: 'true',
  n: null,
  num: 5,
  empty: [],
  res: { rc: 1, failed: true, stdout: 'etcd Version: 3.4.23' },
  lazy: '{{ num > 3 }}',
  member_count: '3',
  inventory_hostname: 'localhost',
};

describe('conditions evaluate as Ansible does', () => {
  it.each<[Condition, boolean]>([
    ['num > 3', true],
    ['num > 3 and l | length == 3', true],
    ['sf', true],
    ['sf | bool', false],
    ['st | bool', true],
    ['n', false],
    ['n is none', true],
    ['empty', false],
    ['not empty', true],
    ['d', true],
    ['d.a == 1', true],
    ['foo is defined', false],
    ['foo is not defined', true],
    ['foo is defined and foo > 1', false],
    ['foo is undefined or foo > 1', true],
    ["'{{ num }}' == '5'", true],
    ['{{ num > 3 }}', true],
    ['res is failed', true],
    ['res.rc != 0', true],
    ["'3.4' in res.stdout", true],
    ["res.stdout is search('Version: 3\\.4')", true],
    ['lazy', true],
    ['lazy | bool', true],
    ['member_count | int >= 3', true],
    [['num > 3', 'l | length == 3'], true],
    [['num > 3', 'num > 10'], false],
    // Evaluation stops at the first false item: the undefined `foo` after it is never read.
    [['num > 10', 'foo == 1'], false],
    [true, true],
    [false, false],
    ['True', true],
    ['0', false],
    ['[]', false],
    ["inventory_hostname == 'localhost'", true],
    [[], true],
    ['', true],
    [null, true],
    [1, true],
    [0, false],
    ['  num > 3  ', true],
    ["{'a': {'b': 1}}.a.b == 1", true],
  ])('%j -> %s', (condition, expected) => {
    expect(evaluateCondition(condition, vars, context())).toBe(expected);
  });
});

describe('a failing condition names the task, the expression and the variable', () => {
  const origin = { file: 'playbooks/rolling-restart.yml', line: 31, col: 9, what: 'when condition' };

  it.each([
    ['foo == 1', 'QUORUM_TEMPLATE_UNDEFINED', "'foo' is undefined"],
    ['d.missing == 1', 'QUORUM_TEMPLATE_UNDEFINED', "'dict object' has no attribute 'missing'"],
    ['member_count >= 3', 'QUORUM_TEMPLATE_ERROR', "'>=' not supported between instances of 'str' and 'int'"],
    ['num >', 'QUORUM_TEMPLATE_SYNTAX', 'template syntax error: unexpected token: %}'],
    ["'{{ nope }}' == 'x'", 'QUORUM_TEMPLATE_UNDEFINED', "'nope' is undefined"],
  ])('%j -> %s', (condition, code, reason) => {
    let caught: unknown;
    try {
      evaluateCondition(condition, vars, context({ origin }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TemplateError);
    const error = caught as TemplateError;
    expect(error.code).toBe(code);
    expect(error.message).toBe(
      `playbooks/rolling-restart.yml:31:9: ${code}: ${reason} in when condition ${JSON.stringify(condition)} (${error.diagnostic.hint})`,
    );
  });
});
