// Bad input to `quorum inventory`, through the built CLI as a whole process: each case gives exit 4 (the files)
// or 5 (the options), one line per problem naming the file, line and key with what would fix it, nothing on
// stdout (never a partial inventory), and never a stack trace.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'inventory-errors');
const cli = join(repoRoot, 'bin', 'quorum.js');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function quorum(cwd: string, args: readonly string[]): Promise<Outcome> {
  if (!existsSync(join(repoRoot, 'dist', 'engine', 'cli', 'main.js'))) {
    throw new Error('quorum is not built: run `npm run build` first');
  }
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, 'inventory', ...args], { cwd, env: { PATH: process.env['PATH'] } }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

interface BadInputCase {
  name: string;
  /** The fixture directory the CLI runs in. */
  dir: string;
  args: string[];
  exit: number;
  /** One pattern per expected stderr line, in order. */
  lines: RegExp[];
}

const cases: BadInputCase[] = [
  {
    name: 'malformed YAML',
    dir: 'malformed-yaml',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:4:14: QUORUM_INVENTORY_YAML_SYNTAX: YAML syntax error at 'ports: \[80, 443': '\[' is never closed \(close it with '\]', or quote the value if the \[ is text\)$/],
  },
  {
    name: 'a tab where spaces belong',
    dir: 'yaml-tab',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:5:1: QUORUM_INVENTORY_YAML_TAB: .*'web1:'.*Tabs are not allowed as indentation \(indent YAML with spaces, never tabs\)$/],
  },
  {
    name: 'a duplicate key',
    dir: 'duplicate-key',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:7:9: QUORUM_INVENTORY_DUPLICATE_KEY: duplicate key 'web1' \(keep only one of the entries; .*\)$/],
  },
  {
    name: 'a group listed as a child that does not exist',
    dir: 'undefined-child',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:6:1: QUORUM_INVENTORY_UNDEFINED_GROUP: section \[prod:children\] names group 'database', which is never declared \(declare it with a \[database\] section.*\)$/],
  },
  {
    name: '[group:vars] for a group never declared',
    dir: 'vars-undefined-group',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:3:1: QUORUM_INVENTORY_UNDEFINED_GROUP: section \[dbs:vars\] is for group 'dbs', which is never declared/],
  },
  {
    name: 'a group_vars file that is a list',
    dir: 'vars-file-list',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^group_vars\/web\.yml:1:1: QUORUM_INVENTORY_VARS_NOT_MAPPING: a vars file must be a mapping of variable names to values, got a list \(.*\)$/],
  },
  {
    name: 'a list among the files of a host_vars directory',
    dir: 'host-vars-dir-list',
    args: ['-i', 'hosts', '--host', 'db1'],
    exit: 4,
    lines: [/^host_vars\/db1\/02\.yml:1:1: QUORUM_INVENTORY_VARS_NOT_MAPPING: /],
  },
  {
    name: 'a range that begins after it ends',
    dir: 'bad-range',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:2:1: QUORUM_INVENTORY_BAD_RANGE: host range in 'etcd\[5:1\]' begins after it ends \(5 > 1\) \(swap the bounds: \[1:5\]\)$/],
  },
  {
    name: 'a zero-padded range with bounds of different widths',
    dir: 'range-width',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:2:1: QUORUM_INVENTORY_BAD_RANGE: host range in 'etcd\[01:5\]' .* \(give both bounds the same width, as in \[01:05\]\)$/],
  },
  {
    name: 'a range mixing a letter and a number',
    dir: 'range-letters',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:2:1: QUORUM_INVENTORY_BAD_RANGE: host range in 'etcd-\[a:5\]' has bounds 'a' and '5'/],
  },
  {
    name: 'an unreadable file in an inventory directory (a dangling link)',
    dir: 'unreadable-file',
    args: ['-i', '.', '--list'],
    exit: 4,
    lines: [/^02-more\.yml: QUORUM_INVENTORY_UNREADABLE: cannot read inventory file \(ENOENT\) \(check that the file exists and is readable\)$/],
  },
  {
    name: 'an empty inventory',
    dir: 'empty-inventory',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts: QUORUM_INVENTORY_EMPTY: inventory file is empty \(add hosts to it, or remove it from the inventory sources\)$/],
  },
  {
    name: 'an inventory with groups but no hosts',
    dir: 'no-hosts',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml: QUORUM_INVENTORY_EMPTY: the inventory defines no hosts \(add hosts under a group, .*\)$/],
  },
  {
    name: 'an inventory source that does not exist',
    dir: 'empty-inventory',
    args: ['-i', 'no-such-file', '--list'],
    exit: 4,
    lines: [/^no-such-file: QUORUM_INVENTORY_NOT_FOUND: inventory source does not exist \(check the path given to -i\)$/],
  },
  {
    name: 'a misspelt key in a YAML group',
    dir: 'unknown-yaml-key',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:4:7: QUORUM_INVENTORY_UNKNOWN_KEY: unknown key 'host' in group 'web' \(did you mean 'hosts'\?/],
  },
  {
    name: 'hosts written as a YAML list',
    dir: 'hosts-as-list',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:5:9: QUORUM_INVENTORY_YAML_STRUCTURE: 'hosts' of group 'web' must be a mapping, got a list/],
  },
  {
    name: 'an INI section of unknown type',
    dir: 'unknown-section',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:3:1: QUORUM_INVENTORY_INI_SECTION: section \[web:child\] has unknown type 'child' \(use \[web\], \[web:vars\] or \[web:children\]\)$/],
  },
  {
    name: 'a group that contains itself',
    dir: 'group-cycle',
    args: ['-i', 'hosts.yml', '--list'],
    exit: 4,
    lines: [/^hosts\.yml:\d+:\d+: QUORUM_INVENTORY_GROUP_CYCLE: adding group '\w' as a child of '\w' makes a loop/],
  },
  {
    name: 'a group priority that is not a number',
    dir: 'priority-not-number',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:4:1: QUORUM_INVENTORY_BAD_PRIORITY: ansible_group_priority of group 'web' is "high", not a whole number/],
  },
  {
    name: 'an unclosed quote on a host line',
    dir: 'missing-close-quote',
    args: ['-i', 'hosts', '--list'],
    exit: 4,
    lines: [/^hosts:2:1: QUORUM_INVENTORY_INI_HOST: cannot read host line 'web1 motd="hello world': No closing quotation/],
  },
  {
    name: 'problems in several files, reported together',
    dir: 'several-files',
    args: ['-i', 'inventory', '--list'],
    exit: 4,
    lines: [
      /^inventory\/01-web:2:1: QUORUM_INVENTORY_BAD_RANGE: host range in 'web\[1:3' has no closing '\]'/,
      /^inventory\/02-vars\.yml:4:5: QUORUM_INVENTORY_DUPLICATE_KEY: duplicate key 'a'/,
    ],
  },
  {
    name: 'an unknown option',
    dir: 'bad-range',
    args: ['-i', 'hosts', '--lst'],
    exit: 5,
    lines: [/^error: unknown option '--lst'/, /Did you mean --list\?/, /quorum --help/],
  },
  {
    name: 'no action',
    dir: 'undefined-child',
    args: ['-i', 'hosts'],
    exit: 5,
    lines: [/^no action given$/, /hint: add one of --list, --graph or --host HOST$/],
  },
  {
    name: 'two actions',
    dir: 'undefined-child',
    args: ['-i', 'hosts', '--list', '--graph'],
    exit: 5,
    lines: [/^--list and --graph cannot be used together$/, /hint: give only one of/],
  },
  {
    name: 'no inventory',
    dir: 'undefined-child',
    args: ['--list'],
    exit: 5,
    lines: [/^no inventory given$/, /hint: pass one with -i PATH/],
  },
];

describe('quorum inventory refuses bad input with one clear line per problem', () => {
  it.each(cases)('$name', async ({ dir, args, exit, lines }) => {
    const outcome = await quorum(join(fixtures, dir), args);
    const stderrLines = outcome.stderr.trimEnd().split('\n');
    expect({ code: outcome.code, stdout: outcome.stdout }).toEqual({ code: exit, stdout: '' });
    expect(stderrLines).toHaveLength(lines.length);
    lines.forEach((pattern, i) => expect(stderrLines[i]).toMatch(pattern));
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('quorum inventory refuses bad options on a good inventory', () => {
  const good = join(fixtures, 'good');
  it.each([
    { name: '--host with a pattern that selects two hosts', args: ['-i', 'hosts', '--host', 'web*'], line: /^--host needs a pattern that selects exactly one host; 'web\*' selects 2$/ },
    { name: '--host with an unknown host', args: ['-i', 'hosts', '--host', 'nosuchhost'], line: /^--host needs a pattern that selects exactly one host; 'nosuchhost' selects 0$/ },
    { name: '--graph of a group that does not exist', args: ['-i', 'hosts', '--graph', 'nosuchgroup'], line: /^--graph needs a group name, and 'nosuchgroup' is not a group of this inventory$/ },
    { name: '--limit with a broken regular expression', args: ['-i', 'hosts', '--list', '--limit', '~web('], line: /^invalid host pattern '~web\(': not a valid regular expression$/ },
  ])('$name', async ({ args, line }) => {
    const outcome = await quorum(good, args);
    expect({ code: outcome.code, stdout: outcome.stdout }).toEqual({ code: 5, stdout: '' });
    expect(outcome.stderr.split('\n')[0]).toMatch(line);
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
  });

  it.each([
    { args: ['--list', '--limit', 'web1'], expected: { web: { hosts: ['web1'] } } },
    { args: ['--list', '--limit', 'web*:!web2'], expected: { web: { hosts: ['web1'] } } },
  ])('--limit keeps only the selected hosts: $args', async ({ args, expected }) => {
    const outcome = await quorum(good, ['-i', 'hosts', ...args]);
    expect(outcome.code).toBe(0);
    const listing = JSON.parse(outcome.stdout) as { [group: string]: unknown };
    expect(listing).toMatchObject(expected);
    expect(Object.keys((listing['_meta'] as { hostvars: object }).hostvars)).toEqual(['web1']);
  });
});
