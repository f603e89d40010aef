import { describe, expect, it } from 'vitest';
import { copy } from '../../../engine/modules/copy.js';
import { file } from '../../../engine/modules/file.js';
import type { PathStat } from '../../../engine/modules/facts/stat.js';
import { stat } from '../../../engine/modules/stat.js';
import { template } from '../../../engine/modules/template.js';
import type { JsonObject } from '../../../engine/modules/types.js';
import { absentStat, describeSteps, directoryStat, fileStat, planContext, planFor } from './plan-context.js';

// copy, template, file and stat: arguments and facts in, steps, changed, diff and registered values out.

const local = { content: Buffer.from('new\n'), label: 'dynamically generated' };

describe('copy', () => {
  it.each<[string, JsonObject, PathStat, PathStat, boolean, string[]]>([
    ['a new file gets 0644', { content: 'new\n', dest: '/etc/a' }, absentStat, absentStat, true, ['put /etc/a 644 new\n']],
    ['same content: nothing to do', { content: 'new\n', dest: '/etc/a' }, fileStat('new\n'), absentStat, false, []],
    ['same content, other mode: chmod only', { content: 'new\n', dest: '/etc/a', mode: '0600' }, fileStat('new\n'), absentStat, true, ['chmod 0600 -- /etc/a']],
    ['same content, other owner: chown only', { content: 'new\n', dest: '/etc/a', owner: 'etcd' }, fileStat('new\n'), absentStat, true, ['chown etcd -- /etc/a']],
    ['numeric owner matches the uid', { content: 'new\n', dest: '/etc/a', owner: '0' }, fileStat('new\n'), absentStat, false, []],
    ['changed content keeps mode and owner', { content: 'new\n', dest: '/etc/a' }, fileStat('old\n', { mode: 0o640, owner: 'etcd' }), absentStat, true, ['put /etc/a 640 new\n etcd']],
    ['backup keeps the old file as PATH.<time>~', { content: 'new\n', dest: '/etc/a', backup: true }, fileStat('old\n'), absentStat, true, ["cp -p -- /etc/a '/etc/a.2026-01-02@03:04:05~'", 'put /etc/a 644 new\n root']],
    ['force: no keeps an existing file', { content: 'new\n', dest: '/etc/a', force: false }, fileStat('old\n'), absentStat, false, []],
    ['a directory dest takes the basename of src', { src: 'files/b.conf', dest: '/etc' }, directoryStat, absentStat, true, ['put /etc/b.conf 644 new\n']],
    ['validate stages the file, checks it, then moves it', { content: 'new\n', dest: '/etc/sudoers', validate: 'visudo -cf %s' }, absentStat, absentStat, true, ['put /etc/.sudoers.quorum-staged 644 new\n', 'visudo -cf /etc/.sudoers.quorum-staged || { rc=$?; rm -f -- /etc/.sudoers.quorum-staged; exit $rc; }', 'mv -f -- /etc/.sudoers.quorum-staged /etc/sudoers']],
  ])('%s', (_title, args, dest, inside, changed, steps) => {
    const plan = planFor(copy, args, { dest, inside, remote: absentStat }, local);
    expect([plan.failed ?? false, plan.changed, describeSteps(plan.steps)]).toEqual([false, changed, steps]);
  });

  it('returns the registered fields and a diff', () => {
    const plan = planFor(copy, { content: 'new\n', dest: '/etc/a', backup: true }, { dest: fileStat('old\n'), inside: absentStat, remote: absentStat }, local, planContext({ diff: true }));
    expect(plan.values).toEqual({
      dest: '/etc/a',
      checksum: '389cc6b7ae5a659383eab5dfc253764eccf84732',
      size: 4,
      state: 'file',
      mode: '0644',
      owner: 'root',
      group: 'root',
      backup_file: '/etc/a.2026-01-02@03:04:05~',
    });
    expect(plan.diff).toEqual({ before: 'old\n', after: 'new\n', before_header: '/etc/a', after_header: 'dynamically generated' });
  });

  it.each<[string, JsonObject, PathStat, string]>([
    ['content into a directory', { content: 'x', dest: '/etc/' }, directoryStat, 'can not use content with a dir as dest'],
    ['a bad mode', { content: 'new\n', dest: '/etc/a', mode: 'u+q' }, absentStat, 'mode must be in octal or symbolic form: got "u+q" (write it quoted, e.g. mode: \'0644\' or mode: \'u+rwx,go-w\')'],
  ])('fails on %s', (_title, args, dest, msg) => {
    const plan = planFor(copy, args, { dest, inside: absentStat, remote: absentStat }, local);
    expect([plan.failed, plan.msg]).toEqual([true, msg]);
  });

  it.each<[string, PathStat, PathStat, boolean, string[]]>([
    ['remote_src copies on the host', fileStat('a'), absentStat, true, ['cp -- /tmp/src /etc/a']],
    ['remote_src with the same content', fileStat('a'), fileStat('a'), false, []],
  ])('%s', (_title, source, dest, changed, steps) => {
    const plan = planFor(copy, { src: '/tmp/src', dest: '/etc/a', remote_src: true }, { dest, inside: absentStat, remote: source }, { label: '/tmp/src' });
    expect([plan.changed, describeSteps(plan.steps)]).toEqual([changed, steps]);
  });

  it.each<[string, PathStat, string[]]>([
    ['a new file gets every wanted attribute', absentStat, ['cp -- /tmp/src /etc/a', 'chmod 0640 -- /etc/a', 'chown etcd -- /etc/a']],
    ['an existing file only what differs', fileStat('old', { mode: 0o640 }), ['cp -- /tmp/src /etc/a', 'chown etcd -- /etc/a']],
  ])('remote_src with owner and mode: %s', (_title, dest, steps) => {
    const plan = planFor(copy, { src: '/tmp/src', dest: '/etc/a', remote_src: true, owner: 'etcd', mode: '0640' }, { dest, inside: absentStat, remote: fileStat('a', { owner: 'etcd' }) }, { label: '/tmp/src' });
    expect(describeSteps(plan.steps)).toEqual(steps);
  });
});

describe('template', () => {
  it.each<[string, JsonObject, PathStat, boolean, string[]]>([
    ['renders to a new file', { src: 'etcd.conf.j2', dest: '/etc/etcd/etcd.conf', mode: '0600', owner: 'etcd' }, absentStat, true, ['put /etc/etcd/etcd.conf 600 name: h1\n etcd']],
    ['the same text changes nothing', { src: 'etcd.conf.j2', dest: '/etc/etcd/etcd.conf' }, fileStat('name: h1\n'), false, []],
    ['newline_sequence CRLF', { src: 'etcd.conf.j2', dest: '/x', newline_sequence: '\r\n' }, fileStat('name: h1\r\n'), false, []],
  ])('%s', (_title, args, dest, changed, steps) => {
    const normalized = template.normalize(args);
    const text = normalized.newline_sequence === '\n' ? 'name: h1\n' : 'name: h1\r\n';
    const plan = template.definition.plan(normalized, { dest, inside: absentStat }, { path: '/roles/etcd/templates/etcd.conf.j2', text }, planContext());
    expect([plan.changed, describeSteps(plan.steps), plan.values['src']]).toEqual([changed, steps, 'etcd.conf.j2']);
  });
});

describe('file', () => {
  const noTree = false;
  it.each<[string, JsonObject, PathStat, boolean, boolean, string[]]>([
    [
      'directory: created, with its missing parents',
      { path: '/var/lib/etcd', state: 'directory' },
      absentStat,
      noTree,
      true,
      ['d=/var/lib/etcd; set --\nwhile [ ! -e "$d" ]; do set -- "$d" "$@"; d=$(dirname -- "$d"); done\nfor d in "$@"; do mkdir -- "$d" || exit 1;  done'],
    ],
    [
      'directory: created with mode and owner, which every created parent gets too (as in Ansible)',
      { path: '/var/lib/etcd', state: 'directory', mode: '0700', owner: 'etcd' },
      absentStat,
      noTree,
      true,
      [
        'd=/var/lib/etcd; set --\nwhile [ ! -e "$d" ]; do set -- "$d" "$@"; d=$(dirname -- "$d"); done\n' +
          'for d in "$@"; do mkdir -- "$d" || exit 1; chmod 0700 -- "$d" || exit 1; chown etcd -- "$d" || exit 1; done',
        'chmod 0700 -- /var/lib/etcd',
        'chown etcd -- /var/lib/etcd',
      ],
    ],
    ['directory: already right', { path: '/var/lib/etcd', state: 'directory', mode: '0755', owner: 'root' }, directoryStat, noTree, false, []],
    ['directory: mode as a number (YAML 1.1 0700)', { path: '/d', state: 'directory', mode: 0o700 }, directoryStat, noTree, true, ['chmod 0700 -- /d']],
    ['directory: symbolic mode', { path: '/d', state: 'directory', mode: 'go-rx' }, directoryStat, noTree, true, ['chmod 0700 -- /d']],
    ['directory: recurse with a tree that differs', { path: '/d', state: 'directory', owner: 'root', recurse: true }, directoryStat, true, true, ['chown -R root -- /d']],
    ['directory: recurse with a tree in order', { path: '/d', state: 'directory', owner: 'root', recurse: true }, directoryStat, false, false, []],
    ['absent: removes', { path: '/x', state: 'absent' }, fileStat(''), noTree, true, ['rm -rf -- /x']],
    ['absent: already', { path: '/x', state: 'absent' }, absentStat, noTree, false, []],
    ['touch: creates', { path: '/x', state: 'touch' }, absentStat, noTree, true, ['touch -- /x']],
    ['touch: always touches an existing file, as Ansible does', { path: '/x', state: 'touch' }, fileStat(''), noTree, true, ['touch -- /x']],
    ['touch: preserved times', { path: '/x', state: 'touch', access_time: 'preserve', modification_time: 'preserve' }, fileStat(''), noTree, false, []],
    ['link: made', { path: '/usr/local/bin/etcd', src: '/opt/etcd/etcd', state: 'link' }, absentStat, noTree, true, ['ln -s -- /opt/etcd/etcd /usr/local/bin/.etcd.quorum-link.$$ && { mv -T -f -- /usr/local/bin/.etcd.quorum-link.$$ /usr/local/bin/etcd || { rm -f -- /usr/local/bin/.etcd.quorum-link.$$; exit 1; }; }']],
    ['link: already points there', { path: '/l', src: '/t', state: 'link' }, { exists: true, kind: 'link', linkTarget: '/t' }, noTree, false, []],
    ['link: points elsewhere: a new link renamed over the old one (atomic)', { path: '/l', src: '/t', state: 'link' }, { exists: true, kind: 'link', linkTarget: '/old' }, noTree, true, ['ln -s -- /t /.l.quorum-link.$$ && { mv -T -f -- /.l.quorum-link.$$ /l || { rm -f -- /.l.quorum-link.$$; exit 1; }; }']],
    ['link: force replaces a file', { path: '/l', src: '/t', state: 'link', force: true }, fileStat('x'), noTree, true, ['ln -s -- /t /.l.quorum-link.$$ && { mv -T -f -- /.l.quorum-link.$$ /l || { rm -f -- /.l.quorum-link.$$; exit 1; }; }']],
    ['no state: a file that exists keeps being one', { path: '/x', mode: '0600' }, fileStat('x'), noTree, true, ['chmod 0600 -- /x']],
  ])('%s', (_title, args, path, treeDiffers, changed, steps) => {
    const plan = planFor(file, args, { path, treeDiffers }, undefined);
    expect([plan.failed ?? false, plan.changed, describeSteps(plan.steps)]).toEqual([false, changed, steps]);
  });

  it.each<[string, JsonObject, PathStat, string]>([
    ['file on a missing path', { path: '/x', state: 'file' }, absentStat, 'file (/x) is absent, cannot continue'],
    ['link over a file without force', { path: '/x', src: '/t', state: 'link' }, fileStat('x'), 'refusing to convert from file to symlink for /x (set force: true to replace it)'],
    ['directory over a file', { path: '/x', state: 'directory' }, fileStat('x'), '/x already exists as a file; remove it first or use another path'],
  ])('fails: %s', (_title, args, path, msg) => {
    const plan = planFor(file, args, { path, treeDiffers: false }, undefined);
    expect([plan.failed, plan.msg]).toEqual([true, msg]);
  });

  it('shows a state change as a diff', () => {
    const plan = planFor(file, { path: '/d', state: 'directory' }, { path: absentStat, treeDiffers: false }, undefined);
    expect(plan.diff).toEqual({ before: 'path: /d\nstate: absent\n', after: 'path: /d\nstate: directory\n' });
  });
});

describe('stat', () => {
  it.each<[string, PathStat, string | undefined, JsonObject]>([
    ['a missing path', absentStat, undefined, { exists: false }],
    [
      'a file',
      fileStat('abc', { mode: 0o755 }),
      'a9993e364706816aba3e25717850c26c9cd0d89d',
      {
        exists: true, path: '/p', mode: '0755', isdir: false, isreg: true, islnk: false, uid: 0, gid: 0, pw_name: 'root', gr_name: 'root',
        size: 3, mtime: 1, readable: true, executable: true, rusr: true, wusr: true, xusr: true, checksum: 'a9993e364706816aba3e25717850c26c9cd0d89d',
      },
    ],
  ])('%s', (_title, path, checksum, expected) => {
    const plan = planFor(stat, { path: '/p' }, { path, checksum }, undefined);
    expect([plan.changed, plan.steps, plan.values]).toEqual([false, [], { stat: expected }]);
  });
});
