import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import type { InputError } from '../../../engine/errors.js';
import { createSchemaSet, loadPlaybook, loadPlaybookOrThrow, type Play } from '../../../engine/load/index.js';

// Small playbooks written inline: each row is the playbook text, then what the first play resolves to or
// the exact diagnostics. Rows share one temp dir holding a role `base` (with a handler) and a tasks file.
let dir: string;
const schemas = createSchemaSet();
const inventory: Record<string, string[]> = { etcd: ['etcd1', 'etcd2'], all: ['etcd1', 'etcd2'], empty: [] };
// A stand-in for the inventory's selectHosts that knows `a,b` unions and nothing more.
const matchHosts = (pattern: string) => [...new Set(pattern.split(',').flatMap((part) => inventory[part] ?? []))];

function write(relative: string, text: string): void {
  mkdirSync(dirname(join(dir, relative)), { recursive: true });
  writeFileSync(join(dir, relative), text);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'quorum-load-'));
  write('roles/base/tasks/main.yml', '- debug: msg=base\n  notify: base restarted\n');
  write('roles/base/handlers/main.yml', '- name: base restarted\n  debug: msg=x\n');
  write('tasks/one.yml', '- debug: msg=one\n');
  write('loops.yml', '- import_playbook: loops.yml\n');
  write('plays/inner.yml', '- hosts: etcd\n  vars: {a: inner, b: inner}\n  tags: [inner]\n  tasks:\n    - include_tasks: tasks/two.yml\n');
  write('plays/tasks/two.yml', '- debug: msg=two\n');
  write('plays/broken.yml', '- name: no hosts\n');
  write('plays/middle.yml', '- import_playbook: inner.yml\n  vars: {a: middle}\n  when: m\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
async function load(text: string) {
  const file = `p${counter++}.yml`;
  write(file, text);
  const result = await loadPlaybook(file, { cwd: dir, schemas, matchHosts });
  return { file, play: result.playbook?.plays[0], lines: result.diagnostics.map(formatDiagnostic) };
}

describe('what a play resolves to', () => {
  it.each<[string, string, (play: Play) => unknown, unknown]>([
    ['hosts list joined', '- hosts: [etcd, all]\n', (p) => p.hosts, 'etcd,all'],
    ['serial scalar', '- hosts: etcd\n  serial: 2\n', (p) => p.serial, [2]],
    ['tags split on commas', '- hosts: etcd\n  tags: "a, b"\n', (p) => p.tags, ['a', 'b']],
    ['when string becomes a list', '- hosts: etcd\n  tasks:\n    - debug: msg=x\n      when: a is defined\n', (p) => p.tasks[0]!.when, ['a is defined']],
    ['with_items kept apart from loop', '- hosts: etcd\n  tasks:\n    - debug: msg={{ item }}\n      with_items: "{{ list }}"\n', (p) => p.tasks[0]!.kind === 'module' && p.tasks[0]!.loop, { source: 'with_items', items: '{{ list }}' }],
    ['args: merged over free form', '- hosts: etcd\n  tasks:\n    - command: ls creates=/a\n      args: {creates: /b, chdir: /tmp}\n', (p) => p.tasks[0]!.kind === 'module' && p.tasks[0]!.args, { _raw_params: 'ls', creates: '/b', chdir: '/tmp' }],
    ['module with no args', '- hosts: etcd\n  tasks:\n    - debug:\n', (p) => p.tasks[0]!.kind === 'module' && p.tasks[0]!.args, {}],
    ['until, retries, delay', '- hosts: etcd\n  tasks:\n    - command: "true"\n      register: r\n      until: r.rc == 0\n      retries: 5\n      delay: "{{ d }}"\n', (p) => p.tasks[0]!.kind === 'module' && [p.tasks[0]!.until, p.tasks[0]!.retries, p.tasks[0]!.delay], [['r.rc == 0'], 5, '{{ d }}']],
    ['task keywords', '- hosts: etcd\n  tasks:\n    - debug: msg=x\n      delegate_to: localhost\n      run_once: true\n      no_log: yes\n      environment: {A: "1"}\n      become_user: etcd\n', (p) => { const t = p.tasks[0]!; return [t.delegateTo, t.runOnce, t.noLog, t.environment, t.becomeUser]; }, ['localhost', true, true, { A: '1' }, 'etcd']],
    ['include_tasks with a template is left for run time', '- hosts: etcd\n  tasks:\n    - include_tasks: "{{ which }}.yml"\n', (p) => { const t = p.tasks[0]!; return t.kind === 'include_tasks' && [t.file, t.tasks]; }, ['{{ which }}.yml', undefined]],
    ['include_tasks with file: loads it', '- hosts: etcd\n  tasks:\n    - include_tasks:\n        file: tasks/one.yml\n', (p) => p.tasks[0]!.kind === 'include_tasks' && p.tasks[0]!.tasks?.length, 1],
    ['role entry with vars and params', '- hosts: etcd\n  roles:\n    - role: base\n      vars: {a: 1}\n      b: 2\n      become: true\n', (p) => p.roles[0], expect.objectContaining({ role: 'base', params: { a: 1, b: 2 }, become: true })],
    ['no rolling without the keyword', '- hosts: etcd\n', (p) => p.rolling, undefined],
    ['rolling defaults', '- hosts: etcd\n  rolling: {cluster: etcd, cluster_var: etcd_cluster_name}\n', (p) => p.rolling, { cluster: 'etcd', clusterVar: 'etcd_cluster_name', maxUnavailable: undefined, members: 'all', gate: { checks: 3, interval: 1, timeout: 120 }, pos: { file: expect.stringMatching(/^p\d+\.yml$/), line: 2, col: 12 } }],
    ['an imported play: its own directory, the import\'s vars over its own, tags added', '- import_playbook: plays/inner.yml\n  vars: {b: outer}\n  tags: outer\n  when: x\n', (p) => [p.dir === join(dir, 'plays'), p.vars, p.tags, p.importWhen, p.tasks[0]!.kind === 'include_tasks' && p.tasks[0]!.tasks?.length], [true, { a: 'inner', b: 'outer' }, ['inner', 'outer'], ['x'], 1]],
    ['nested imports: the outer vars win, the outer when comes first', '- ansible.builtin.import_playbook: plays/middle.yml\n  vars: {a: outer}\n  when: [o]\n', (p) => [p.vars.a, p.importWhen], ['outer', ['o', 'm']]],
    ['a play of the playbook itself: its directory, no import conditions', '- hosts: etcd\n', (p) => [p.dir === dir, p.importWhen], [true, []]],
    ['include_tasks apply: keywords for the included tasks', '- hosts: etcd\n  tasks:\n    - include_tasks:\n        file: tasks/one.yml\n        apply: {become: true, tags: [t]}\n', (p) => p.tasks[0]!.kind === 'include_tasks' && [p.tasks[0]!.apply?.become, p.tasks[0]!.apply?.tags], [true, ['t']]],
    ['include_role with a templated tasks_from is left for run time', '- hosts: etcd\n  tasks:\n    - include_role: {name: base, tasks_from: "{{ t }}"}\n', (p) => p.tasks[0]!.kind === 'include_role' && p.tasks[0]!.tasksFrom, '{{ t }}'],
    ['rolling over joining hosts only', '- hosts: etcd\n  rolling: {cluster: etcd, members: joining}\n', (p) => p.rolling?.members, 'joining'],
  ])('%s', async (_, text, read, expected) => {
    const { play, lines } = await load(text);
    expect(lines).toEqual([]);
    expect(read(play!)).toEqual(expected);
  });
});

describe('what a play is reported for (F is the playbook file)', () => {
  it.each<[string, string, string[]]>([
    ['a notify satisfied by a role handler', '- hosts: etcd\n  roles: [base]\n  tasks:\n    - debug: msg=x\n      notify: base restarted\n', []],
    ['a notify in role_name : handler form', '- hosts: etcd\n  roles: [base]\n  tasks:\n    - debug: msg=x\n      notify: "base : base restarted"\n', []],
    ['a notify satisfied by listen', '- hosts: etcd\n  tasks:\n    - debug: msg=x\n      notify: topic\n  handlers:\n    - name: h\n      listen: topic\n      debug: msg=y\n', []],
    ['a templated notify is not checked', '- hosts: etcd\n  tasks:\n    - debug: msg=x\n      notify: "{{ h }}"\n', []],
    ['a templated hosts is not checked', '- hosts: "{{ target }}"\n', []],
    ['a role handler not visible in a play without the role', '- hosts: etcd\n  tasks:\n    - name: t\n      debug: msg=x\n      notify: base restarted\n', ["F:3:7: QUORUM_HANDLER_UNDEFINED: task 't' notifies 'base restarted', but no handler of play 'etcd' has that name or listens to it (define it under the play's or a role's handlers)"]],
    ['an empty group', '- hosts: empty\n', ["F:1:10: QUORUM_HOSTS_NO_MATCH: hosts pattern 'empty' matches no host of the inventory (check the name against `quorum inventory --graph`)"]],
    ['a rolling cluster group with no host', '- hosts: etcd\n  rolling: {cluster: etcdd}\n', ["F:2:22: QUORUM_HOSTS_NO_MATCH: rolling cluster group 'etcdd' matches no host of the inventory (check the name against `quorum inventory --graph`)"]],
    ['a missing vars file', '- hosts: etcd\n  vars_files: [nope.yml]\n', ["F:2:16: QUORUM_VARS_FILE_NOT_FOUND: vars file 'nope.yml' not found (paths are relative to the playbook's directory, .)"]],
    ['a role typo', '- hosts: etcd\n  roles: [bas]\n', ["F:2:11: QUORUM_ROLE_NOT_FOUND: role 'bas' not found in roles, ROOTROLES, . (did you mean 'base'?)"]],
    ['include_role of a missing tasks_from', '- hosts: etcd\n  tasks:\n    - include_role: {name: base, tasks_from: nope}\n', ["F:3:28: QUORUM_TASKS_FILE_NOT_FOUND: role 'base' has no tasks file 'nope' (looked in roles/base/tasks)"]],
    ['hosts missing', '- name: x\n', ["F:1:3: QUORUM_SCHEMA_MISSING_KEY: a play needs 'hosts' (add 'hosts:')"]],
    ['import_playbook of a missing file', '- import_playbook: other.yml\n', ["F:1:20: QUORUM_PLAYBOOK_IMPORT_NOT_FOUND: imported playbook 'other.yml' not found (tried other.yml) (paths are relative to the importing playbook's directory, .)"]],
    ['import_playbook with a template', '- import_playbook: "{{ which }}.yml"\n', ["F:1:20: QUORUM_PLAYBOOK_IMPORT_TEMPLATED: import_playbook '{{ which }}.yml' names its file with a template (imports are read when the playbook loads: give a literal path)"]],
    ['import_playbook of itself', '- import_playbook: loops.yml\n', ["loops.yml:1:20: QUORUM_PLAYBOOK_IMPORT_CYCLE: playbook 'loops.yml' imports itself (F -> loops.yml -> loops.yml)"]],
    ['import_playbook with a play keyword', '- import_playbook: plays/inner.yml\n  hosts: etcd\n', ["F:2:3: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'hosts' in an import_playbook entry (allowed keys: import_playbook, ansible.builtin.import_playbook, name, vars, when, tags)"]],
    ['an error inside an imported playbook', '- import_playbook: plays/broken.yml\n', ["plays/broken.yml:1:3: QUORUM_SCHEMA_MISSING_KEY: a play needs 'hosts' (add 'hosts:')"]],
    ['a play for a group that a group_by task may create', '- hosts: etcd\n  tasks:\n    - group_by: {key: made}\n- hosts: made\n', ["F:4:10: warning: QUORUM_HOSTS_NO_MATCH: hosts pattern 'made' matches no host of the inventory (unless the group_by task at F:3 creates it at run time)"]],
    ['a task that is a string', '- hosts: etcd\n  tasks:\n    - debug msg=x\n', ['F:3:7: QUORUM_SCHEMA_TYPE: a task must be a mapping, not the string "debug msg=x"']],
    ['a play that is a list', '- [hosts, etcd]\n', ['F:1:3: QUORUM_SCHEMA_TYPE: a play must be a mapping, not a list']],
    ['a block typo and a typo inside it', '- hosts: etcd\n  tasks:\n    - block:\n        - debug: msg=x\n          wen: x\n      rescu: []\n', ["F:5:11: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'wen' in a task (did you mean 'when'?)", "F:6:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'rescu' in a block (did you mean 'rescue'?)"]],
    ['a bad serial and a bad gate', '- hosts: etcd\n  serial: {a: 1}\n  rolling: {cluster: etcd, gate: {checks: 0, interval: -1}}\n', ["F:2:11: QUORUM_SCHEMA_TYPE: 'serial' must be an integer, a string or a list, not a mapping", "F:3:43: QUORUM_SCHEMA_VALUE: 'checks' must be >= 1, not the number 0", "F:3:56: QUORUM_SCHEMA_VALUE: 'interval' must be > 0, not the number -1"]],
  ])('%s', async (_, text, expected) => {
    const { file, lines } = await load(text);
    expect(lines.map((line) => line.replaceAll(file, 'F').replace(/(not found in roles, )[^,]+/, '$1ROOTROLES'))).toEqual(expected);
  });
});

describe('loadPlaybookOrThrow', () => {
  it.each<[string, string, number | string]>([
    ['a good playbook gives its plays', '- hosts: etcd\n- hosts: all\n', 2],
    ['a broken one throws every diagnostic, exit 4', '- hosts: etcd\n  tasks:\n    - whne: x\n      debug:\n    - {}\n', 'QUORUM_SCHEMA_UNKNOWN_KEY,QUORUM_TASK_NO_MODULE:4'],
  ])('%s', async (_, text, expected) => {
    const file = `strict${counter++}.yml`;
    write(file, text);
    const outcome = await loadPlaybookOrThrow(file, { cwd: dir, schemas, matchHosts }).then(
      ({ playbook }) => playbook.plays.length,
      (err: InputError) => `${err.diagnostics.map((d) => d.code).join(',')}:${err.exitCode}`,
    );
    expect(outcome).toEqual(expected);
  });
});

describe('undefined handlers that are not a second mistake', () => {
  it.each<[string, string, string[]]>([
    [
      'a handler that failed to load is still known by name',
      '- hosts: etcd\n  tasks:\n    - debug: msg=x\n      notify: h\n  handlers:\n    - name: h\n      debugg: msg=y\n',
      ["F:7:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'debugg' in a handler (did you mean the module 'debug'?)"],
    ],
    [
      "a notify that may be a missing role's handler",
      '- hosts: etcd\n  roles: [nowhere]\n  tasks:\n    - debug: msg=x\n      notify: nowhere restarted\n',
      ["F:2:11: QUORUM_ROLE_NOT_FOUND: role 'nowhere' not found in roles, ROOTROLES, . (create the role there, or add its directory to roles_path)"],
    ],
    [
      'a near miss is reported even then',
      '- hosts: etcd\n  roles: [nowhere]\n  tasks:\n    - debug: msg=x\n      notify: base restarte\n  handlers:\n    - name: base restarted\n      debug: msg=y\n',
      [
        "F:2:11: QUORUM_ROLE_NOT_FOUND: role 'nowhere' not found in roles, ROOTROLES, . (create the role there, or add its directory to roles_path)",
        "F:4:7: QUORUM_HANDLER_UNDEFINED: this task notifies 'base restarte', but no handler of play 'etcd' has that name or listens to it (did you mean 'base restarted'?)",
      ],
    ],
  ])('%s', async (_, text, expected) => {
    const { file, lines } = await load(text);
    expect(lines.map((line) => line.replaceAll(file, 'F').replace(/(not found in roles, )[^,]+/, '$1ROOTROLES'))).toEqual(expected);
  });
});

describe('role search path', () => {
  it.each<[string, string[], string]>([
    ['beside the playbook first', [], 'roles/base'],
    ['then roles_path', ['elsewhere'], 'roles/base'],
    ['a role only in roles_path', ['elsewhere'], 'elsewhere/far'],
  ])('%s', async (name, rolesPath, expectedDir) => {
    write('elsewhere/far/tasks/main.yml', '- debug: msg=far\n');
    write('elsewhere/base/tasks/main.yml', '- debug: msg=shadowed\n');
    const role = expectedDir.split('/').pop()!;
    const file = `search${counter++}.yml`;
    write(file, `- hosts: etcd\n  roles: [${role}]\n`);
    const { playbook, diagnostics } = await loadPlaybook(file, { cwd: dir, schemas, matchHosts, rolesPath: rolesPath.map((p) => join(dir, p)) });
    expect(diagnostics).toEqual([]);
    expect(playbook!.roles.get(role)!.path).toBe(join(dir, expectedDir));
  });
});
