// Variable precedence: for each set of layers, which value `x` takes and which layer it comes from. The order
// is ansible-core 2.14's VariableManager.get_vars for the sources quorum has; the role-params, include-params,
// task-vars and role-vars rows against set_fact were checked with ansible-playbook 2.14 (include_role vars: and
// role params beat an earlier set_fact; task vars and role vars lose to it).
import { describe, expect, it } from 'vitest';
import { literalVariableNames, PRECEDENCE, resolveVariables, variableSource, type LayerName, type VariableLayers } from '../../../engine/vars/precedence.js';

describe('the order of the layers', () => {
  it('is the documented one, lowest first', () => {
    expect(PRECEDENCE).toEqual([
      'roleDefaults', 'inventory', 'facts', 'playVars', 'varsFiles', 'roleVars', 'blockVars', 'taskVars',
      'includeVars', 'setFacts', 'roleParams', 'includeParams', 'extraVars', 'magic',
    ]);
  });
});

describe('the highest layer that sets a variable wins', () => {
  it.each<[string, VariableLayers, unknown, LayerName | undefined]>([
    ['nothing sets x', { playVars: { y: 1 } }, undefined, undefined],
    ['role defaults alone', { roleDefaults: { x: 'default' } }, 'default', 'roleDefaults'],
    ['inventory beats role defaults', { roleDefaults: { x: 'default' }, inventory: { x: 'inventory' } }, 'inventory', 'inventory'],
    ['facts beat inventory', { inventory: { x: 'inventory' }, facts: { x: 'fact' } }, 'fact', 'facts'],
    ['play vars beat facts', { facts: { x: 'fact' }, playVars: { x: 'play' } }, 'play', 'playVars'],
    ['play vars beat inventory', { inventory: { x: 'inventory' }, playVars: { x: 'play' } }, 'play', 'playVars'],
    ['vars_files beat play vars', { playVars: { x: 'play' }, varsFiles: [{ x: 'file' }] }, 'file', 'varsFiles'],
    ['the later vars_file wins', { varsFiles: [{ x: 'first' }, { x: 'second' }] }, 'second', 'varsFiles'],
    ['an earlier vars_file still counts', { varsFiles: [{ x: 'first' }, { y: 'second' }] }, 'first', 'varsFiles'],
    ['role vars beat vars_files', { varsFiles: [{ x: 'file' }], roleVars: { x: 'role' } }, 'role', 'roleVars'],
    ['role vars beat inventory host vars', { inventory: { x: 'host' }, roleVars: { x: 'role' } }, 'role', 'roleVars'],
    ['block vars beat role vars', { roleVars: { x: 'role' }, blockVars: [{ x: 'block' }] }, 'block', 'blockVars'],
    ['the inner block wins', { blockVars: [{ x: 'outer' }, { x: 'inner' }] }, 'inner', 'blockVars'],
    ['task vars beat block vars', { blockVars: [{ x: 'block' }], taskVars: { x: 'task' } }, 'task', 'taskVars'],
    ['include_vars beat task vars', { taskVars: { x: 'task' }, includeVars: { x: 'included' } }, 'included', 'includeVars'],
    ['set_fact beats task vars', { taskVars: { x: 'task' }, setFacts: { x: 'fact' } }, 'fact', 'setFacts'],
    ['set_fact beats play vars', { playVars: { x: 'play' }, setFacts: { x: 'fact' } }, 'fact', 'setFacts'],
    ['role params beat set_fact', { setFacts: { x: 'fact' }, roleParams: { x: 'param' } }, 'param', 'roleParams'],
    ['role params beat role vars', { roleVars: { x: 'role' }, roleParams: { x: 'param' } }, 'param', 'roleParams'],
    ['include params beat role params', { roleParams: { x: 'param' }, includeParams: { x: 'include' } }, 'include', 'includeParams'],
    ['include params beat task vars', { taskVars: { x: 'task' }, includeParams: { x: 'include' } }, 'include', 'includeParams'],
    ['extra vars beat everything the user sets', {
      roleDefaults: { x: 1 }, inventory: { x: 2 }, facts: { x: 3 }, playVars: { x: 4 }, varsFiles: [{ x: 5 }], roleVars: { x: 6 },
      blockVars: [{ x: 7 }], taskVars: { x: 8 }, includeVars: { x: 9 }, setFacts: { x: 10 }, roleParams: { x: 11 },
      includeParams: { x: 12 }, extraVars: { x: 'extra' },
    }, 'extra', 'extraVars'],
    ['magic variables beat extra vars', { extraVars: { x: 'extra' }, magic: { x: 'magic' } }, 'magic', 'magic'],
    ['null is a value, and it wins', { roleDefaults: { x: 'default' }, playVars: { x: null } }, null, 'playVars'],
    ['dicts are replaced, not merged', { roleDefaults: { x: { a: 1, b: 2 } }, playVars: { x: { b: 3 } } }, { b: 3 }, 'playVars'],
    ['lists are replaced, not appended', { inventory: { x: [1, 2] }, taskVars: { x: [3] } }, [3], 'taskVars'],
    ['templates stay unevaluated', { roleDefaults: { x: '{{ y }}' } }, '{{ y }}', 'roleDefaults'],
  ])('%s', (_name, layers, expected, source) => {
    expect(resolveVariables(layers).x).toEqual(expected);
    expect(variableSource(layers, 'x')).toBe(source);
  });
});

describe('resolveVariables', () => {
  it.each<[string, VariableLayers, { [name: string]: unknown }]>([
    ['no layers', {}, {}],
    ['variables from different layers are all kept', { roleDefaults: { a: 1 }, playVars: { b: 2 }, extraVars: { c: 3 } }, { a: 1, b: 2, c: 3 }],
    ['a variable named __proto__ is plain data', { playVars: JSON.parse('{"__proto__": {"polluted": true}}') as { [name: string]: unknown } }, JSON.parse('{"__proto__": {"polluted": true}}') as { [name: string]: unknown }],
  ])('%s', (_name, layers, expected) => {
    const resolved = resolveVariables(layers);
    expect(Object.keys(resolved)).toEqual(Object.keys(expected));
    for (const key of Object.keys(expected)) expect(resolved[key]).toEqual(expected[key]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it.each<[string, VariableLayers]>([
    ['play vars', { playVars: { x: 1 } }],
    ['block vars', { blockVars: [{ x: 1 }] }],
  ])('does not change the %s it is given', (_name, layers) => {
    const copy = structuredClone(layers);
    resolveVariables({ ...layers, extraVars: { x: 2 } });
    expect(layers).toEqual(copy);
  });
});

describe('literalVariableNames: values never templated', () => {
  it.each<[string, VariableLayers, string[]]>([
    ['registered results and set_fact', { setFacts: { result: { stdout: '{{ x }}' }, fact: 1 } }, ['result', 'fact']],
    ['gathered facts', { facts: { ansible_hostname: 'h' } }, ['ansible_hostname']],
    ['magic variables', { magic: { inventory_hostname: 'h' } }, ['inventory_hostname']],
    ['play vars are templates', { playVars: { a: '{{ b }}' } }, []],
    ['a literal layer overridden by a template layer', { setFacts: { a: 1 }, extraVars: { a: '{{ b }}' } }, []],
    ['a template layer overridden by a literal layer', { playVars: { a: '{{ b }}' }, setFacts: { a: '{{ kept }}' } }, ['a']],
  ])('%s', (_name, layers, expected) => {
    expect([...literalVariableNames(layers)].sort()).toEqual([...expected].sort());
  });
});
