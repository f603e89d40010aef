import { describe, expect, it } from 'vitest';
import { command } from '../../../engine/modules/command.js';
import { raw } from '../../../engine/modules/raw.js';
import { shell } from '../../../engine/modules/shell.js';
import { commandResult, formatDelta } from '../../../engine/modules/support/command-result.js';
import { globWord } from '../../../engine/modules/support/run-command.js';
import { shlexSplit } from '../../../engine/modules/support/shlex.js';
import type { JsonObject, ModulePlan } from '../../../engine/modules/types.js';
import { planContext, planFor } from './plan-context.js';

// command, shell and raw: what runs (quoted for /bin/sh), when creates/removes or check mode stop it,
// and the registered fields built from the step's output.

const neither = { creates: false, removes: false };

describe('shlexSplit', () => {
  it.each<[string, string[] | string]>([
    ['etcdctl member list', ['etcdctl', 'member', 'list']],
    [`echo 'a b' "c d" e\\ f`, ['echo', 'a b', 'c d', 'e f']],
    ['echo "x \\"y\\" $HOME"', ['echo', 'x "y" $HOME']],
    ["echo ''", ['echo', '']],
    ['  spaced   out  ', ['spaced', 'out']],
    ["echo 'open", "No closing quotation in: echo 'open"],
  ])('%s', (line, expected) => {
    expect(shlexSplit(line)).toEqual(expected);
  });
});

describe('globWord', () => {
  it.each([
    ['/etc/etcd/pki/ca.crt', '/etc/etcd/pki/ca.crt'],
    ['/var/backups/etcd-*.db', '/var/backups/etcd-*.db'],
    ['/a dir/*.db', "'/a dir/'*.db"],
    ['/x/[ab]?', '/x/[ab]?'],
  ])('%s', (path, expected) => {
    expect(globWord(path)).toBe(expected);
  });
});

function summary(plan: ModulePlan) {
  const step = plan.steps[0];
  return { changed: plan.changed, skipped: plan.skipped ?? false, msg: plan.msg, command: step?.kind === 'exec' ? step.command : undefined, stdin: step?.kind === 'exec' ? step.stdin : undefined };
}

describe('command', () => {
  it.each<[string, JsonObject, { creates: boolean; removes: boolean }, boolean, ReturnType<typeof summary>]>([
    ['quotes every argument: nothing expands', { _raw_params: 'echo $HOME *' }, neither, false, { changed: true, skipped: false, msg: undefined, command: "echo '$HOME' '*'", stdin: undefined }],
    ['argv', { argv: ['etcdctl', '--endpoints', 'https://a:2379', 'endpoint health'] }, neither, false, { changed: true, skipped: false, msg: undefined, command: "etcdctl --endpoints https://a:2379 'endpoint health'", stdin: undefined }],
    ['cmd with chdir and stdin', { cmd: 'cat', chdir: '/tmp', stdin: 'data' }, neither, false, { changed: true, skipped: false, msg: undefined, command: 'cd -- /tmp || exit 1\ncat', stdin: 'data\n' }],
    ['stdin without the added newline', { cmd: 'cat', stdin: 'data', stdin_add_newline: false }, neither, false, { changed: true, skipped: false, msg: undefined, command: 'cat', stdin: 'data' }],
    ['creates exists: not run', { _raw_params: 'etcd init', creates: '/var/lib/etcd/member' }, { creates: true, removes: false }, false, { changed: false, skipped: false, msg: "Did not run command since '/var/lib/etcd/member' exists", command: undefined, stdin: undefined }],
    ['removes missing: not run', { _raw_params: 'rm x', removes: '/x' }, neither, false, { changed: false, skipped: false, msg: "Did not run command since '/x' does not exist", command: undefined, stdin: undefined }],
    ['check mode without creates/removes: skipped', { _raw_params: 'reboot' }, neither, true, { changed: false, skipped: true, msg: 'Command would have run if not in check mode', command: undefined, stdin: undefined }],
    ['check mode with creates not there: would change', { _raw_params: 'init', creates: '/x' }, neither, true, { changed: true, skipped: false, msg: 'Command would have run if not in check mode', command: undefined, stdin: undefined }],
  ])('%s', (_title, args, facts, check, expected) => {
    expect(summary(planFor(command, args, facts, undefined, planContext({ check })))).toEqual(expected);
  });

  it.each<[string, JsonObject, string]>([
    ['no command', { chdir: '/' }, 'no command given'],
    ['unbalanced quotes', { _raw_params: "echo 'x" }, "No closing quotation in: echo 'x"],
  ])('fails: %s', (_title, args, msg) => {
    const plan = planFor(command, args, neither, undefined);
    expect([plan.failed, plan.msg]).toEqual([true, msg]);
  });

  it('registers cmd as the argv list, with the skip message in stdout', () => {
    const plan = planFor(command, { _raw_params: 'etcd init', creates: '/m' }, { creates: true, removes: false }, undefined);
    expect(plan.values).toEqual({ cmd: ['etcd', 'init'], rc: 0, stdout: 'skipped, since /m exists', stderr: '', stdout_lines: ['skipped, since /m exists'], stderr_lines: [], msg: "Did not run command since '/m' exists" });
  });
});

describe('shell', () => {
  it.each<[string, JsonObject, string]>([
    ['runs the text as is', { _raw_params: 'etcdctl member list | grep -c started' }, 'etcdctl member list | grep -c started'],
    ['executable', { cmd: 'echo ${BASH_VERSION}', executable: '/bin/bash' }, "/bin/bash -c 'echo ${BASH_VERSION}'"],
    ['chdir', { cmd: 'ls', chdir: '/etc/etcd' }, 'cd -- /etc/etcd || exit 1\nls'],
  ])('%s', (_title, args, expected) => {
    expect(summary(planFor(shell, args, neither, undefined)).command).toBe(expected);
  });

  it('relative creates is relative to chdir', () => {
    const plan = planFor(shell, { cmd: 'make', chdir: '/src', creates: 'out' }, { creates: true, removes: false }, undefined);
    expect(plan.msg).toBe("Did not run command since '/src/out' exists");
  });
});

describe('raw', () => {
  it.each<[string, JsonObject, boolean, ReturnType<typeof summary>]>([
    ['runs as is', { _raw_params: 'uname -a' }, false, { changed: true, skipped: false, msg: undefined, command: 'uname -a', stdin: undefined }],
    ['skipped in check mode', { _raw_params: 'uname -a' }, true, { changed: false, skipped: true, msg: 'raw does not support check mode', command: undefined, stdin: undefined }],
  ])('%s', (_title, args, check, expected) => {
    expect(summary(planFor(raw, args, {}, undefined, planContext({ check })))).toEqual(expected);
  });
});

describe('the registered result of a command', () => {
  const startedAt = new Date('2026-01-02T03:04:05.000Z');
  const endedAt = new Date('2026-01-02T03:04:06.250Z');
  it.each<[string, { rc: number; stdout: string; stderr: string }, boolean, JsonObject]>([
    ['success, trailing newlines stripped', { rc: 0, stdout: 'a\nb\n\n', stderr: '' }, true, { rc: 0, stdout: 'a\nb', stderr: '', stdout_lines: ['a', 'b'], stderr_lines: [], msg: '' }],
    ['failure', { rc: 2, stdout: '', stderr: 'no such member\n' }, true, { rc: 2, stdout: '', stderr: 'no such member', stdout_lines: [], stderr_lines: ['no such member'], msg: 'non-zero return code' }],
    ['strip_empty_ends off', { rc: 0, stdout: 'a\n', stderr: '' }, false, { rc: 0, stdout: 'a\n', stderr: '', stdout_lines: ['a', ''], stderr_lines: [], msg: '' }],
  ])('%s', (_title, output, strip, expected) => {
    const result = commandResult({ ...output, startedAt, endedAt }, strip);
    expect(result.values).toEqual({ ...expected, start: '2026-01-02 03:04:05.000000', end: '2026-01-02 03:04:06.250000', delta: '0:00:01.250000' });
    expect(result.failed ?? false).toBe(output.rc !== 0);
  });

  it.each([
    [0, '0:00:00.000000'],
    [61_001, '0:01:01.001000'],
    [3_600_000 * 2 + 5, '2:00:00.005000'],
  ])('delta of %d ms is %s', (ms, text) => {
    expect(formatDelta(ms)).toBe(text);
  });
});
