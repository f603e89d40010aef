import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import { loadPlaybook, type Playbook, type TaskNode } from '../../../engine/load/index.js';
import { repoRoot } from '../../../engine/paths.js';

// test/fixtures/playbooks/valid/site.yml uses every construct the loader supports; each row reads one fact
// of the resolved playbook and states what it must be.
const dir = join(repoRoot, 'test/fixtures/playbooks/valid');
let playbook: Playbook;

beforeAll(async () => {
  const result = await loadPlaybook('site.yml', { cwd: dir, matchHosts: (p) => (p === 'etcd' ? ['etcd1'] : []) });
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  playbook = result.playbook!;
});

const play = () => playbook.plays[0]!;
const task = (i: number): TaskNode => play().tasks[i]!;

describe('the resolved playbook', () => {
  it.each<[string, () => unknown, unknown]>([
    ['plays', () => playbook.plays.length, 1],
    ['play name', () => play().name, 'Configure etcd members'],
    ['hosts', () => play().hosts, 'etcd'],
    ['play position', () => play().pos, { file: 'site.yml', line: 2, col: 3 }],
    ['become: yes is a boolean', () => play().become, true],
    ['gather_facts', () => play().gatherFacts, false],
    ['serial as a list', () => play().serial, [1, '50%']],
    ['vars', () => play().vars, { etcd_version: '3.5.12' }],
    ['vars_files read', () => play().varsFiles, [{ file: 'vars/common.yml', vars: { etcd_data_dir: '/var/lib/etcd' }, pos: { file: 'site.yml', line: 10, col: 7 } }]],
    ['module_defaults by short name', () => play().moduleDefaults, { command: { chdir: '/tmp' } }],
    ['rolling with gate defaults filled', () => play().rolling, { cluster: 'etcd', maxUnavailable: 1, members: 'all', gate: { checks: 2, interval: 0.5, timeout: 120 }, pos: { file: 'site.yml', line: 15, col: 5 } }],
    ['role references', () => play().roles.map((r) => [r.role, r.params, r.tags, r.when]), [['web', {}, [], []], ['common', { common_port: 2379 }, ['base'], ['etcd_version is defined']]]],
    ['roles loaded, dependencies included', () => [...playbook.roles.keys()].sort(), ['common', 'web']],
    ['free-form debug args', () => play().preTasks[0], expect.objectContaining({ module: 'debug', args: { msg: 'hello {{ inventory_hostname }}', verbosity: '1' } })],
    ['FQCN normalised, creates split off', () => task(0), expect.objectContaining({ module: 'command', moduleKeyAsWritten: 'ansible.builtin.command', args: { creates: '/tmp/x', _raw_params: 'etcd --version' }, register: 'version_out', changedWhen: [false] })],
    ['mapping args and notify as a list', () => task(1), expect.objectContaining({ module: 'copy', notify: ['restart etcd'], pos: { file: 'site.yml', line: 32, col: 7 } })],
    ['block with when list', () => task(2), expect.objectContaining({ kind: 'block', when: ['etcd_version is defined', true] })],
    ['shell block scalar keeps newlines', () => task(2).kind === 'block' && task(2), expect.objectContaining({ block: [expect.objectContaining({ args: { _raw_params: 'echo one\necho two\n' } })] })],
    ['meta free form', () => task(2).kind === 'block' && task(2), expect.objectContaining({ always: [expect.objectContaining({ module: 'meta', args: { _raw_params: 'flush_handlers' } })] })],
    ['import_tasks loaded with positions in its own file', () => task(3), expect.objectContaining({ kind: 'import_tasks', file: 'tasks/extra.yml', tasks: [expect.objectContaining({ module: 'file', pos: { file: 'tasks/extra.yml', line: 1, col: 3 } })] })],
    ['include_role with tasks_from', () => task(4), expect.objectContaining({ kind: 'include_role', role: 'common', tasksFrom: 'other' })],
    ['tasks_from file loaded into the role', () => playbook.roles.get('common')!.taskFiles.get('other')!.map((t) => t.name), ['Other common task']],
    ['loop and loop_control', () => task(5), expect.objectContaining({ loop: { source: 'loop', items: ['a', 'b'] }, loopControl: expect.objectContaining({ label: '{{ item }}' }) })],
    ['handlers with listen', () => play().handlers.map((h) => [h.name, h.listen]), [['restart etcd', []], ['reload units', ['systemd changed']]]],
    ['role parts', () => { const web = playbook.roles.get('web')!; return [web.defaults, web.vars, web.dependencies.map((d) => d.role), web.tasks.length, web.handlers.length]; }, [{ web_port: 80 }, { web_user: 'www' }, ['common'], 1, 1]],
    ['role dirs', () => [playbook.roles.get('web')!.filesDir?.endsWith('web/files'), playbook.roles.get('web')!.templatesDir?.endsWith('web/templates'), playbook.roles.get('common')!.filesDir], [true, true, undefined]],
    ['role task position', () => playbook.roles.get('web')!.tasks[0]!.pos, { file: 'roles/web/tasks/main.yml', line: 1, col: 3 }],
  ])('%s', (_, read, expected) => {
    expect(read()).toEqual(expected);
  });
});
