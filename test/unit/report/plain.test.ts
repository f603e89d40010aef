import { describe, expect, it } from 'vitest';
import type { HostResult, RunEvent } from '../../../engine/events.js';
import { banner, formatHostResult, plainReporter } from '../../../engine/report/plain.js';
import { Recap } from '../../../engine/report/recap.js';

const result = (fields: Partial<HostResult>): HostResult => ({
  type: 'host_result',
  task: 'write config',
  host: 'h1',
  status: 'ok',
  noLog: false,
  ...fields,
});

describe('banner pads with stars to 79 columns, at least 3', () => {
  it.each([
    ['TASK [x]', `TASK [x] ${'*'.repeat(71)}`],
    ['PLAY RECAP', `PLAY RECAP ${'*'.repeat(69)}`],
    [`TASK [${'n'.repeat(100)}]`, `TASK [${'n'.repeat(100)}] ***`],
  ])('%s', (text, expected) => {
    expect(banner(text)).toBe(expected);
  });
});

describe('formatHostResult prints what ansible-playbook prints', () => {
  it.each<[string, Partial<HostResult>, string[]]>([
    ['ok', {}, ['ok: [h1]']],
    ['changed', { status: 'changed' }, ['changed: [h1]']],
    ['skipped', { status: 'skipped' }, ['skipping: [h1]']],
    ['delegated', { delegatedTo: 'localhost' }, ['ok: [h1 -> localhost]']],
    ['a loop item', { status: 'changed', item: 'etcd.conf' }, ['changed: [h1] => (item=etcd.conf)']],
    ['a structured loop item', { item: { name: 'a' } }, ['ok: [h1] => (item={"name":"a"})']],
    [
      'a failed command with rc and stderr',
      { status: 'failed', rc: 2, msg: 'non-zero return code', stderr: 'no such file' },
      ['fatal: [h1]: FAILED! => {"rc":2,"msg":"non-zero return code","stderr":"no such file"}'],
    ],
    ['an ignored failure', { status: 'ignored', msg: 'boom' }, ['fatal: [h1]: FAILED! => {"msg":"boom"}', '...ignoring']],
    [
      'unreachable',
      { status: 'unreachable', msg: 'connection refused' },
      ['fatal: [h1]: UNREACHABLE! => {"msg":"connection refused"}'],
    ],
    ['rescued: counted, not printed, as in Ansible', { status: 'rescued' }, []],
    ['a loop\'s own result: its items were printed', { status: 'changed', loopSummary: true }, []],
    [
      'a failed loop item',
      { status: 'failed', item: 'b', rc: 1, msg: 'non-zero return code' },
      ['failed: [h1] (item=b) => {"rc":1,"msg":"non-zero return code"}'],
    ],
    [
      'a changed file with its diff',
      {
        status: 'changed',
        diff: [{ beforeHeader: '/etc/etcd/etcd.conf', afterHeader: 'templates/etcd.conf.j2', before: 'a\nb\n', after: 'a\nc\n' }],
      },
      [
        '--- before: /etc/etcd/etcd.conf',
        '+++ after: templates/etcd.conf.j2',
        '@@ -1,2 +1,2 @@',
        ' a',
        '-b',
        '+c',
        '',
        'changed: [h1]',
      ],
    ],
  ])('%s', (_name, fields, expected) => {
    expect(formatHostResult(result(fields))).toEqual(expected);
  });
});

describe('plainReporter', () => {
  it('prints a play, a batch with its quorum margin, a task and the recap', () => {
    const lines: string[] = [];
    const recap = new Recap();
    const report = plainReporter((l) => lines.push(l), recap);
    const events: RunEvent[] = [
      { type: 'play_start', play: 'restart etcd', hosts: ['h1', 'h2'] },
      { type: 'batch_start', play: 'restart etcd', index: 1, count: 2, hosts: ['h2'], cluster: 'etcd', votersUp: 2, quorum: 2 },
      { type: 'task_start', play: 'restart etcd', task: 'restart', role: 'etcd_restart', handler: false },
      result({ task: 'restart', host: 'h2', status: 'changed' }),
      { type: 'run_end', exitCode: 0 },
    ];
    for (const e of events) {
      recap.listener(e);
      report(e);
    }
    expect(lines.filter((l) => l !== '')).toEqual([
      banner('PLAY [restart etcd]'),
      banner('BATCH 1/2 [h2] (etcd: 2 voters up, quorum 2, margin 0)'),
      banner('TASK [etcd_restart : restart]'),
      'changed: [h2]',
      banner('PLAY RECAP'),
      'h1                         : ok=0    changed=0    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0',
      'h2                         : ok=1    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0',
    ]);
  });
});
