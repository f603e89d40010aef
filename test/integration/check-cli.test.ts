import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';

// `quorum check` as a user runs it: the built CLI (npm run build) as a whole process, over the playbook
// fixtures, from their directory so that the printed paths are short. Asserts the exit code, and every line
// of stderr where the output is a list of diagnostics.
const fixtures = join(repoRoot, 'test/fixtures/playbooks');

async function check(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), 'check', ...args], { cwd: fixtures });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('quorum check', () => {
  it('reports the five mistakes of a broken playbook in one run, each with its position, and exits 4', async () => {
    const { code, stderr, stdout } = await check(['five-mistakes/site.yml', '-i', 'hosts.yml']);
    expect(code).toBe(4);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toEqual([
      "five-mistakes/site.yml:3:3: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'hots' in a play (did you mean 'hosts'?)",
      "five-mistakes/site.yml:11:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'whne' in a task (did you mean 'when'?)",
      "five-mistakes/site.yml:14:7: QUORUM_TASK_CONFLICTING_ACTIONS: a task runs one module, but this one has 'shell' and 'command' (split it into two tasks)",
      "five-mistakes/site.yml:5:7: QUORUM_ROLE_NOT_FOUND: role 'etcd_instal' not found in five-mistakes/roles, ../../../roles, five-mistakes (did you mean 'etcd_install'?)",
      "five-mistakes/site.yml:15:7: QUORUM_HANDLER_UNDEFINED: task 'Notify a handler that is not there' notifies 'restart etcdd', but no handler of play 'Five mistakes' has that name or listens to it (did you mean 'restart etcd'?)",
    ]);
  });

  it.each<[string, string[], number, string[]]>([
    ['a valid playbook', ['valid/site.yml', '-i', 'hosts.yml', '-e', 'etcd_version=3.5.13'], 0, []],
    ['a tab where spaces belong', ['errors/tab.yml', '-i', 'hosts.yml'], 4, ['errors/tab.yml:3:1: QUORUM_YAML_TAB: Tabs are not allowed as indentation (indent with spaces; YAML does not allow tabs there)']],
    ['a duplicate key', ['errors/duplicate-key.yml', '-i', 'hosts.yml'], 4, ["errors/duplicate-key.yml:3:3: QUORUM_YAML_DUPLICATE_KEY: the key 'name' appears twice in this mapping (remove one of the two, or rename it)"]],
    ['malformed YAML', ['errors/malformed.yml', '-i', 'hosts.yml'], 4, ['errors/malformed.yml:3:5: QUORUM_YAML_SYNTAX: Block collections are not allowed within flow collections']],
    ['an unreadable playbook', ['errors/no-such-playbook.yml', '-i', 'hosts.yml'], 4, ['errors/no-such-playbook.yml: QUORUM_FILE_UNREADABLE: cannot read the file: no such file']],
    ['a playbook that is a directory', ['errors', '-i', 'hosts.yml'], 4, ['errors: QUORUM_FILE_UNREADABLE: cannot read the file: it is a directory, not a file']],
    ['a vars file that is a list', ['errors/vars-file-list.yml', '-i', 'hosts.yml'], 4, ['errors/vars/list.yml:1:1: QUORUM_SCHEMA_TYPE: a vars file must be a mapping or empty, not a list']],
    ['hosts that match nothing in the real inventory', ['errors/hosts-no-match.yml', '-i', 'hosts.yml'], 4, ["errors/hosts-no-match.yml:1:10: QUORUM_HOSTS_NO_MATCH: hosts pattern 'etcdd' matches no host of the inventory (check the name against `quorum inventory --graph`)"]],
    ['only a warning', ['errors/empty-role.yml', '-i', 'hosts.yml'], 0, ["errors/empty-role.yml:3:7: warning: QUORUM_ROLE_EMPTY: role 'empty_role' at errors/roles/empty_role has no tasks, handlers, defaults, vars or meta main.yml (add empty_role/tasks/main.yml)"]],
    ['no inventory', ['valid/site.yml'], 5, ['no inventory given', "  hint: pass one with -i PATH: `check` matches each play's hosts against it"]],
    ['an extra var that is not key=value', ['valid/site.yml', '-i', 'hosts.yml', '-e', 'oops'], 5, ["-e 'oops': 'oops' is not key=value", '  hint: write -e name=value, -e \'{"name": ...}\' or -e @file.yml']],
    ['an extra vars file that is a list', ['valid/site.yml', '-i', 'hosts.yml', '-e', '@errors/vars/list.yml'], 5, ['errors/vars/list.yml:1:1: QUORUM_EXTRA_VARS: the extra vars file is a list, not a mapping of variables', '  hint: write it as `name: value` lines']],
    ['an unknown option', ['valid/site.yml', '-i', 'hosts.yml', '--bogus'], 5, ["error: unknown option '--bogus'", '(run `quorum --help` or `quorum <command> --help` for the options)']],
    ['no playbook', ['-i', 'hosts.yml'], 5, ["error: missing required argument 'playbook'", '(run `quorum --help` or `quorum <command> --help` for the options)']],
  ])('%s', async (_, args, expectedCode, expectedStderr) => {
    const { code, stderr } = await check(args);
    expect(stderr.trimEnd() === '' ? [] : stderr.trimEnd().split('\n')).toEqual(expectedStderr);
    expect(code).toBe(expectedCode);
  });

  it('prints a summary of what it checked on success', async () => {
    const { code, stdout } = await check(['valid/site.yml', '-i', 'hosts.yml']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: 'valid/site.yml: 1 play(s), 2 role(s), 12 task(s): no problems found\n' });
  });

  it('still checks the playbook when the inventory is broken, and reports both', async () => {
    const { code, stderr, stdout } = await check(['errors/when-mapping.yml', '-i', 'broken-inventory.yml']);
    expect(code).toBe(4);
    expect(stderr).toMatch(/^broken-inventory\.yml:5:1: /);
    expect(stderr).toContain("errors/when-mapping.yml:5:9: QUORUM_SCHEMA_TYPE: 'when' must be a string, a boolean or a list, not a mapping");
    expect(stdout).toBe('');
  });
});
