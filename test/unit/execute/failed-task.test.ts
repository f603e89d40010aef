import { describe, expect, it } from 'vitest';
import { failedTaskView } from '../../../engine/execute/failed-task.js';
import type { ModuleTask } from '../../../engine/load/types.js';
import { createTemplateEngine } from '../../../engine/template/engine.js';
import { VariableScope } from '../../../engine/vars/scope.js';

// ansible_failed_task as a rescue reads it: name ('' when unnamed), action as written, args templated for the
// host (as written when they cannot be), and the main keywords with Ansible's null for the absent ones.
const engine = await createTemplateEngine();
const scope = new VariableScope({ code: 3, dir: '/tmp' }, { engine, environment: {} });

function task(fields: Partial<ModuleTask>): ModuleTask {
  return {
    kind: 'module',
    module: 'command',
    moduleKeyAsWritten: 'command',
    args: {},
    notify: [],
    tags: [],
    when: [],
    vars: {},
    pos: { file: 'site.yml', line: 3, col: 7 },
    ...fields,
  };
}

describe('failedTaskView', () => {
  it.each<[string, Partial<ModuleTask>, Record<string, unknown>]>([
    ['a named free-form command', { name: 'fails', args: { _raw_params: 'exit {{ code }}', chdir: '{{ dir }}' } }, { name: 'fails', action: 'command', args: { _raw_params: 'exit 3', chdir: '/tmp' }, register: null, notify: null, loop: null }],
    ['an unnamed task written with its FQCN', { moduleKeyAsWritten: 'ansible.builtin.command', args: { _raw_params: '/bin/false' } }, { name: '', action: 'ansible.builtin.command', args: { _raw_params: '/bin/false' } }],
    ['args that cannot be templated stay as written', { args: { _raw_params: 'echo {{ nope }}' } }, { args: { _raw_params: 'echo {{ nope }}' } }],
    ['keywords', { module: 'fail', moduleKeyAsWritten: 'fail', register: 'r', notify: ['h'], tags: ['t'], when: ['x'], loop: { source: 'loop', items: [1] }, delegateTo: 'localhost' }, { action: 'fail', register: 'r', notify: ['h'], tags: ['t'], when: ['x'], loop: [1], delegate_to: 'localhost' }],
  ])('%s', (_title, fields, expected) => {
    expect(failedTaskView(task(fields), scope, engine)).toMatchObject(expected);
  });
});
