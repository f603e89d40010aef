import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ModeArg } from '../../../engine/modules/args/spec.js';
import { buildFactBatch, splitFactBatch } from '../../../engine/modules/facts/batch.js';
import { parseStat, statCommand, type PathStat } from '../../../engine/modules/facts/stat.js';
import { planAttributes, type WantedAttributes } from '../../../engine/modules/support/attributes.js';
import { backupPath } from '../../../engine/modules/support/backup.js';
import { formatMode, isSymbolicMode, resolveMode } from '../../../engine/modules/support/mode.js';
import { expandMatch, compilePythonRegex } from '../../../engine/modules/support/python-regex.js';
import { splitLines } from '../../../engine/modules/support/lines.js';
import { registeredValue } from '../../../engine/modules/register.js';
import type { JsonObject, ModuleResult } from '../../../engine/modules/types.js';
import { directoryStat, fileStat } from './plan-context.js';

// The pieces every module stands on: the batched fact script, stat parsing, modes, attributes, backups,
// Python regexes and line splitting.

describe('the fact batch', () => {
  const queries = [
    { name: 'a', command: 'printf "one\\ntwo"' },
    { name: 'b', command: 'exit 3' },
    { name: 'c', command: 'printf "trailing\\n\\n"' },
    { name: 'd', command: 'echo __quorum_fake_end_3 0' },
  ];

  it('runs every query in one /bin/sh and gives each its exact output and status', () => {
    const stdout = execFileSync('/bin/sh', ['-s'], { input: buildFactBatch(queries, 'n0nce'), encoding: 'utf8' });
    expect(Object.fromEntries(splitFactBatch(queries, 'n0nce', stdout))).toEqual({
      a: { stdout: 'one\ntwo', rc: 0 },
      b: { stdout: '', rc: 3 },
      c: { stdout: 'trailing\n\n', rc: 0 },
      d: { stdout: '__quorum_fake_end_3 0\n', rc: 0 },
    });
  });

  it.each<[string, string]>([
    ['no output at all', ''],
    ['a cut-off script', "__quorum_n0nce_begin_0\npartial"],
  ])('a query without its markers reads as rc 127: %s', (_title, stdout) => {
    expect(splitFactBatch(queries.slice(0, 1), 'n0nce', stdout).get('a')).toEqual({ stdout: '', rc: 127 });
  });
});

describe('stat facts', () => {
  it.each<[string, string, number, PathStat]>([
    ['absent', 'absent\n', 0, { exists: false }],
    ['a file with its checksum and content', 'stat regular file|640|etcd|etcd|998|997|5|1700000000\nsha256 abc\ncontent\nline\n', 0,
      { exists: true, kind: 'file', mode: 0o640, owner: 'etcd', group: 'etcd', uid: 998, gid: 997, size: 5, mtime: 1700000000, sha256: 'abc', content: 'line\n' }],
    ['content that looks like tags stays content', 'stat regular file|644|root|root|0|0|9|1\ncontent\nlink x\n', 0,
      { exists: true, kind: 'file', mode: 0o644, owner: 'root', group: 'root', uid: 0, gid: 0, size: 9, mtime: 1, content: 'link x\n' }],
    ['a link', 'stat symbolic link|777|root|root|0|0|7|1\nlink /opt/etcd\n', 0,
      { exists: true, kind: 'link', mode: 0o777, owner: 'root', group: 'root', uid: 0, gid: 0, size: 7, mtime: 1, linkTarget: '/opt/etcd' }],
    ['an empty file', 'stat regular empty file|600|root|root|0|0|0|1\n', 0,
      { exists: true, kind: 'file', mode: 0o600, owner: 'root', group: 'root', uid: 0, gid: 0, size: 0, mtime: 1 }],
  ])('%s', (_title, stdout, rc, expected) => {
    expect(parseStat(stdout, rc)).toEqual(expected);
  });

  it('a path it cannot stat is an error, not an absence', () => {
    expect(() => parseStat("stat: cannot stat '/root/x': Permission denied\n", 1)).toThrow("cannot stat: stat: cannot stat '/root/x': Permission denied");
  });

  it('the command works on this machine\'s /bin/sh', () => {
    const stdout = execFileSync('/bin/sh', ['-c', statCommand('/etc/hostname', { checksum: true, contentLimit: 1000 })], { encoding: 'utf8' });
    const stat = parseStat(stdout, 0);
    expect([stat.kind, stat.content?.length, stat.sha256?.length]).toEqual(['file', stat.size, 64]);
  });
});

describe('modes', () => {
  it.each<[ModeArg, number, boolean, number | undefined]>([
    ['0644', 0, false, 0o644],
    ['644', 0, false, 0o644],
    ['1777', 0, true, 0o1777],
    [0o600, 0o777, false, 0o600],
    ['u+x', 0o644, false, 0o744],
    ['go-rwx', 0o755, true, 0o700],
    ['u=rw,go=r', 0o777, false, 0o644],
    ['a+X', 0o644, true, 0o755],
    ['a+X', 0o644, false, 0o644],
    ['a+X', 0o744, false, 0o755],
    ['+t', 0o777, true, 0o1777],
    ['u+s', 0o755, false, 0o4755],
    ['o=', 0o757, false, 0o750],
    ['u+q', 0o644, false, undefined],
    [0o17777, 0, false, undefined],
  ])('%j on %o (directory %s) gives %o', (mode, current, isDir, expected) => {
    expect(resolveMode(mode, current, isDir)).toBe(expected);
  });

  it.each<[ModeArg, boolean]>([['0644', false], [420, false], ['u+x', true], ['rwx', true]])('%j symbolic: %s', (mode, symbolic) => {
    expect(isSymbolicMode(mode)).toBe(symbolic);
  });

  it.each([[0o644, '0644'], [0o1777, '1777'], [0o7, '0007']])('formats %o as %s', (mode, text) => {
    expect(formatMode(mode)).toBe(text);
  });
});

describe('attributes', () => {
  it.each<[string, PathStat, WantedAttributes, boolean, string[]]>([
    ['all in order', fileStat(''), { mode: '0644', owner: 'root', group: 'root' }, false, []],
    ['mode, owner and group differ', fileStat(''), { mode: '0600', owner: 'etcd', group: 'etcd' }, false, ['chmod 0600 -- /p', 'chown etcd -- /p', 'chgrp etcd -- /p']],
    ['recursively', directoryStat, { owner: 'etcd' }, true, ['chown -R etcd -- /p']],
    ['numeric ids match', fileStat('', { uid: 998, gid: 997 }), { owner: '998', group: '997' }, false, []],
  ])('%s', (_title, stat, wanted, recurse, commands) => {
    expect(planAttributes('/p', stat, wanted, recurse).commands).toEqual(commands);
  });
});

describe('backups, regexes, lines', () => {
  it('names a backup as Ansible does, in UTC', () => {
    expect(backupPath('/etc/etcd/etcd.conf', new Date('2026-11-21T23:59:01Z'))).toBe('/etc/etcd/etcd.conf.2026-11-21@23:59:01~');
  });

  it.each<[string, string, string, string]>([
    ['^(\\w+)=(.*)$', 'a=b', '\\2=\\1', 'b=a'],
    ['^(?P<key>\\w+)=', 'k=v', '\\g<key>: \\g<0>', 'k: k='],
    ['(x)', 'x', 'tab\\there\\n', 'tab\there\n'],
    ['(x)', 'x', '\\9', ''],
  ])('%s on %s expands %s', (pattern, text, template, expected) => {
    const regex = compilePythonRegex(pattern, 'regexp') as RegExp;
    expect(expandMatch(template, regex.exec(text)!)).toBe(expected);
  });

  it.each<[string, { text: string; eol: string }[]]>([
    ['', []],
    ['a', [{ text: 'a', eol: '' }]],
    ['a\nb\n', [{ text: 'a', eol: '\n' }, { text: 'b', eol: '\n' }]],
    ['a\r\n\nb', [{ text: 'a', eol: '\r\n' }, { text: '', eol: '\n' }, { text: 'b', eol: '' }]],
  ])('splits %j', (content, lines) => {
    expect(splitLines(content)).toEqual(lines);
  });
});

describe('registeredValue', () => {
  it.each<[string, ModuleResult, JsonObject]>([
    ['a command', { changed: true, values: { rc: 0, stdout: 'ok' } }, { rc: 0, stdout: 'ok', changed: true }],
    ['a failure', { changed: false, failed: true, msg: 'non-zero return code', values: { rc: 2 } }, { rc: 2, changed: false, failed: true, msg: 'non-zero return code' }],
    ['a skip', { changed: false, skipped: true, msg: 'Command would have run if not in check mode', values: {} }, { changed: false, skipped: true, msg: 'Command would have run if not in check mode' }],
    ['set_fact', { changed: false, facts: { a: 1 }, values: { ansible_facts: { a: 1 } } }, { ansible_facts: { a: 1 }, changed: false }],
    ['a diff', { changed: true, diff: { before: 'a', after: 'b' }, values: {} }, { changed: true, diff: { before: 'a', after: 'b' } }],
  ])('%s', (_title, result, expected) => {
    expect(registeredValue(result)).toEqual(expected);
  });
});
