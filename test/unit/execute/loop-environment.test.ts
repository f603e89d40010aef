import { describe, expect, it } from 'vitest';
import { loopItemVariables } from '../../../engine/execute/run-module-task.js';
import { taskEnvironment } from '../../../engine/execute/task-environment.js';
import type { Environment } from '../../../engine/execute/frame.js';
import { createTemplateEngine } from '../../../engine/template/engine.js';
import { VariableScope } from '../../../engine/vars/scope.js';

const engine = await createTemplateEngine();
const ctx = { engine, environment: {} };
const scope = new VariableScope({ api: 3, proxy: 'http://p:3128', extra: { B: 'from a template' } }, ctx);

// What one loop item sets (loop_var, index_var, extended's ansible_loop), as Ansible's loop registers it.
describe('loopItemVariables', () => {
  it.each<[string, unknown[], number, string, string | undefined, boolean, Record<string, unknown>]>([
    ['the item alone', ['a', 'b'], 1, 'item', undefined, false, { item: 'b', ansible_loop_var: 'item' }],
    ['a loop_var and an index_var', ['a', 'b'], 0, 'member', 'i', false, { member: 'a', ansible_loop_var: 'member', i: 0, ansible_index_var: 'i' }],
    [
      'extended, first item',
      ['a', 'b', 'c'],
      0,
      'item',
      undefined,
      true,
      { item: 'a', ansible_loop_var: 'item', ansible_loop: { allitems: ['a', 'b', 'c'], index: 1, index0: 0, revindex: 3, revindex0: 2, first: true, last: false, length: 3, nextitem: 'b' } },
    ],
    [
      'extended, last item',
      ['a', 'b', 'c'],
      2,
      'item',
      undefined,
      true,
      { item: 'c', ansible_loop_var: 'item', ansible_loop: { allitems: ['a', 'b', 'c'], index: 3, index0: 2, revindex: 1, revindex0: 0, first: false, last: true, length: 3, previtem: 'b' } },
    ],
  ])('%s', (_title, items, index, loopVar, indexVar, extended, expected) => {
    expect(loopItemVariables(items, index, loopVar, indexVar, extended)).toEqual(expected);
  });
});

// The environment keyword: layers outermost first, templated, inner names win, values made text.
describe('taskEnvironment', () => {
  it.each<[string, Environment[], Record<string, string> | undefined]>([
    ['no layer', [], undefined],
    ['one mapping, templated, numbers and booleans as text', [{ ETCDCTL_API: '{{ api }}', N: 3, ON: true }], { ETCDCTL_API: '3', N: '3', ON: 'True' }],
    ['play then task: the task wins, the rest stays', [{ http_proxy: '{{ proxy }}', A: 'play' }, { A: 'task' }], { http_proxy: 'http://p:3128', A: 'task' }],
    ['a template giving a mapping', ['{{ extra }}', { C: 'c' }], { B: 'from a template', C: 'c' }],
  ])('%s', (_title, layers, expected) => {
    expect(taskEnvironment(layers, scope, ctx)).toEqual(expected);
  });

  it.each<[string, Environment[], string]>([
    ['a template giving a list', ['{{ [1] }}'], 'environment must be a mapping of variable names to values, not a list'],
    ['a template giving a string', ['{{ proxy }}'], 'environment must be a mapping of variable names to values, not "http://p:3128"'],
  ])('refuses %s', (_title, layers, message) => {
    expect(() => taskEnvironment(layers, scope, ctx)).toThrow(message);
  });
});
