import { describe, expect, it } from 'vitest';
import { blockinfile } from '../../../engine/modules/blockinfile.js';
import type { PathStat } from '../../../engine/modules/facts/stat.js';
import { lineinfile } from '../../../engine/modules/lineinfile.js';
import { editBlock, type BlockEditRequest } from '../../../engine/modules/support/block-edit.js';
import { editLines, type LineEditRequest } from '../../../engine/modules/support/line-edit.js';
import type { JsonObject } from '../../../engine/modules/types.js';
import { absentStat, describeSteps, fileStat, planContext, planFor } from './plan-context.js';

// lineinfile and blockinfile: the text edit as a pure function, then the module's plan around it.

const present: LineEditRequest = { state: 'present', backrefs: false, firstmatch: false };

describe('editLines', () => {
  it.each<[string, string, Partial<LineEditRequest>, string, string]>([
    ['appends a missing line', 'a\nb\n', { line: 'c' }, 'a\nb\nc\n', 'line added'],
    ['ends an unterminated last line first', 'a', { line: 'c' }, 'a\nc\n', 'line added'],
    ['leaves a present line', 'a\nc\n', { line: 'c' }, 'a\nc\n', ''],
    ['replaces the last regexp match', 'x=1\nx=2\n', { regexp: '^x=', line: 'x=3' }, 'x=1\nx=3\n', 'line replaced'],
    ['firstmatch replaces the first', 'x=1\nx=2\n', { regexp: '^x=', line: 'x=3', firstmatch: true }, 'x=3\nx=2\n', 'line replaced'],
    ['regexp without a match but the line present: no change', 'a\nx=3\n', { regexp: '^y=', line: 'x=3' }, 'a\nx=3\n', ''],
    ['search_string replaces', 'listen 1\n', { search_string: 'listen', line: 'listen 2' }, 'listen 2\n', 'line replaced'],
    ['backrefs expand groups', 'ETCD_NAME=old\n', { regexp: '^(ETCD_NAME)=.*$', line: '\\1=new', backrefs: true }, 'ETCD_NAME=new\n', 'line replaced'],
    ['backrefs with a named group (Python syntax)', 'port 80\n', { regexp: '^port (?P<n>\\d+)', line: 'port \\g<n>0', backrefs: true }, 'port 800\n', 'line replaced'],
    ['backrefs without a match change nothing', 'a\n', { regexp: '^b(.*)', line: 'c\\1', backrefs: true }, 'a\n', ''],
    ['insertafter a regexp', '[a]\nx\n[b]\ny\n', { line: 'n', insertafter: '^\\[a\\]' }, '[a]\nn\nx\n[b]\ny\n', 'line added'],
    ['insertbefore a regexp', '[a]\nx\n[b]\ny\n', { line: 'n', insertbefore: '^\\[b\\]' }, '[a]\nx\nn\n[b]\ny\n', 'line added'],
    ['insertbefore BOF', 'a\n', { line: '#!/bin/sh', insertbefore: 'BOF' }, '#!/bin/sh\na\n', 'line added'],
    ['insertafter EOF', 'a\n', { line: 'z', insertafter: 'EOF' }, 'a\nz\n', 'line added'],
    ['insertafter a regexp that matches nothing appends', 'a\n', { line: 'z', insertafter: '^nothing' }, 'a\nz\n', 'line added'],
    ['keeps CRLF line ends', 'a\r\nx=1\r\n', { regexp: '^x=', line: 'x=2' }, 'a\r\nx=2\r\n', 'line replaced'],
    ['into an empty file', '', { line: 'a' }, 'a\n', 'line added'],
  ])('%s', (_title, content, request, expected, msg) => {
    expect(editLines(content, { ...present, ...request })).toEqual({ content: expected, msg });
  });

  it.each<[string, string, Partial<LineEditRequest>, string, number]>([
    ['removes every regexp match', 'a\nx=1\nb\nx=2\n', { regexp: '^x=' }, 'a\nb\n', 2],
    ['removes the exact line', 'a\nb\n', { line: 'a' }, 'b\n', 1],
    ['removes nothing', 'a\n', { search_string: 'zzz' }, 'a\n', 0],
  ])('absent: %s', (_title, content, request, expected, found) => {
    const edit = editLines(content, { ...present, state: 'absent', ...request });
    expect(edit).toEqual({ content: expected, msg: found > 0 ? `${found} line(s) removed` : '', found });
  });

  it('names a bad regexp', () => {
    expect(editLines('a', { ...present, regexp: '(', line: 'x' })).toEqual({ error: 'regexp is not a valid regular expression: Invalid regular expression: /(/: Unterminated group' });
  });
});

describe('lineinfile plan', () => {
  it.each<[string, JsonObject, PathStat, boolean, string, string[]]>([
    ['replaces a line', { path: '/etc/e', regexp: '^b=', line: 'b=2' }, fileStat('a=1\nb=1\n'), true, 'line replaced', ['put /etc/e 644 a=1\nb=2\n root']],
    ['no change', { path: '/etc/e', line: 'a=1' }, fileStat('a=1\n'), false, '', []],
    ['creates the file', { path: '/etc/e', line: 'a=1', create: true }, absentStat, true, 'line added', ['put /etc/e 644 a=1\n']],
    ['absent on a missing file', { path: '/etc/e', line: 'a', state: 'absent' }, absentStat, false, 'file not present', []],
    ['perms only', { path: '/etc/e', line: 'a=1', mode: '0600' }, fileStat('a=1\n'), true, 'ownership, perms or SE linux context changed', ['chmod 0600 -- /etc/e']],
  ])('%s', (_title, args, path, changed, msg, steps) => {
    const plan = planFor(lineinfile, args, { path }, undefined);
    expect([plan.failed ?? false, plan.changed, plan.msg, describeSteps(plan.steps)]).toEqual([false, changed, msg, steps]);
  });

  it.each<[string, JsonObject, PathStat, string, number | undefined]>([
    ['a missing file without create', { path: '/etc/e', line: 'a' }, absentStat, 'Destination /etc/e does not exist !', 257],
    ['present without line', { path: '/etc/e', regexp: 'a' }, fileStat(''), 'line is required with state=present', undefined],
    ['backrefs without regexp', { path: '/etc/e', line: 'a', backrefs: true }, fileStat(''), 'regexp is required with backrefs=true', undefined],
    ['absent with nothing to match', { path: '/etc/e', state: 'absent' }, fileStat(''), 'one of line, search_string, or regexp is required with state=absent', undefined],
  ])('fails: %s', (_title, args, path, msg, rc) => {
    const plan = planFor(lineinfile, args, { path }, undefined);
    expect([plan.failed, plan.msg, plan.values['rc']]).toEqual([true, msg, rc]);
  });

  it('shows the diff and the backup', () => {
    const plan = planFor(lineinfile, { path: '/e', line: 'b', backup: true }, { path: fileStat('a\n') }, undefined, planContext({ diff: true }));
    expect(plan.diff).toEqual({ before: 'a\n', after: 'a\nb\n', before_header: '/e', after_header: '/e' });
    expect(plan.values['backup']).toBe('/e.2026-01-02@03:04:05~');
  });
});

const markers = { markerBegin: '# BEGIN ANSIBLE MANAGED BLOCK', markerEnd: '# END ANSIBLE MANAGED BLOCK' };

describe('editBlock', () => {
  it.each<[string, string, Partial<BlockEditRequest>, string, string]>([
    ['appends a new block', 'a\n', { block: 'x\ny' }, 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\ny\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
    ['replaces the block between markers', 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nold\n# END ANSIBLE MANAGED BLOCK\nz\n', { block: 'new' }, 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nnew\n# END ANSIBLE MANAGED BLOCK\nz\n', 'Block inserted'],
    ['the same block changes nothing', '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', { block: 'x\n' }, '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', ''],
    ['insertbefore BOF', 'a\n', { block: 'x', insertbefore: 'BOF' }, '# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\na\n', 'Block inserted'],
    ['insertafter a regexp', 'a\nb\n', { block: 'x', insertafter: '^a' }, 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\nb\n', 'Block inserted'],
    ['state absent removes it with its markers', 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', { state: 'absent' }, 'a\n', 'Block removed'],
    ['an empty block removes it too', 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', { block: '' }, 'a\n', 'Block removed'],
    ['ends an unterminated last line', 'a', { block: 'x' }, 'a\n# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n', 'Block inserted'],
  ])('%s', (_title, content, request, expected, msg) => {
    expect(editBlock(content, { state: 'present', block: '', ...markers, ...request })).toEqual({ content: expected, msg });
  });
});

describe('blockinfile plan', () => {
  it.each<[string, JsonObject, PathStat, boolean, string]>([
    ['inserts with custom markers', { path: '/h', block: '10.0.0.1 e1', marker: '## {mark} etcd', marker_begin: 'START', marker_end: 'STOP' }, fileStat('127.0.0.1 localhost\n'), true, 'Block inserted'],
    ['creates the file', { path: '/h', block: 'x', create: true }, absentStat, true, 'File created'],
    ['absent on a missing file', { path: '/h', state: 'absent' }, absentStat, false, 'File not present'],
    ['already there', { path: '/h', block: 'x' }, fileStat('# BEGIN ANSIBLE MANAGED BLOCK\nx\n# END ANSIBLE MANAGED BLOCK\n'), false, ''],
  ])('%s', (_title, args, path, changed, msg) => {
    const plan = planFor(blockinfile, args, { path }, undefined);
    expect([plan.failed ?? false, plan.changed, plan.msg]).toEqual([false, changed, msg]);
  });

  it('writes the custom markers', () => {
    const plan = planFor(blockinfile, { path: '/h', block: 'b', marker: '## {mark} etcd', marker_begin: 'START', marker_end: 'STOP' }, { path: fileStat('a\n') }, undefined);
    expect(describeSteps(plan.steps)).toEqual(['put /h 644 a\n## START etcd\nb\n## STOP etcd\n root']);
  });

  it('refuses a missing file without create', () => {
    const plan = planFor(blockinfile, { path: '/h', block: 'x' }, { path: absentStat }, undefined);
    expect([plan.failed, plan.msg, plan.values['rc']]).toEqual([true, 'Path /h does not exist !', 257]);
  });
});
