import { describe, expect, it } from 'vitest';
import type { HostStatus } from '../../../engine/events.js';
import { Recap, formatRecapLine } from '../../../engine/report/recap.js';

describe('Recap counts results as Ansible does', () => {
  it.each<[string, HostStatus[], Record<string, number>]>([
    ['nothing ran', [], { ok: 0, changed: 0, failed: 0 }],
    ['a changed task is also ok', ['changed'], { ok: 1, changed: 1 }],
    ['an ignored failure is ok and ignored, not failed', ['ignored'], { ok: 1, ignored: 1, failed: 0 }],
    ['skips and failures', ['ok', 'skipped', 'failed'], { ok: 1, skipped: 1, failed: 1 }],
    ['unreachable and rescued', ['unreachable', 'rescued'], { unreachable: 1, rescued: 1, ok: 0 }],
  ])('%s', (_name, statuses, expected) => {
    const recap = new Recap();
    recap.addHosts(['h1']);
    for (const s of statuses) recap.record('h1', s);
    expect(recap.get('h1')).toMatchObject(expected);
  });

  it('counts a loop once, by the task result, not by each item', () => {
    const recap = new Recap();
    for (const item of ['a', 'b']) {
      recap.listener({ type: 'host_result', task: 't', host: 'h1', status: 'changed', item, noLog: false });
    }
    recap.listener({ type: 'host_result', task: 't', host: 'h1', status: 'changed', noLog: false });
    expect(recap.get('h1')).toMatchObject({ ok: 1, changed: 1 });
  });

  it('counts a failure that a rescue takes over as rescued, not failed', () => {
    const recap = new Recap();
    recap.listener({ type: 'host_result', task: 't', host: 'h1', status: 'failed', countAs: 'rescued', noLog: false });
    expect(recap.get('h1')).toMatchObject({ failed: 0, rescued: 1 });
  });

  it('counts an ignored failure that changed something as changed too, as Ansible does', () => {
    const recap = new Recap();
    recap.listener({ type: 'host_result', task: 't', host: 'h1', status: 'ignored', changedToo: true, noLog: false });
    expect(recap.get('h1')).toMatchObject({ ok: 1, ignored: 1, changed: 1, failed: 0 });
  });

  it('lists every play host in name order, including hosts with no results', () => {
    const recap = new Recap();
    recap.listener({ type: 'play_start', play: 'p', hosts: ['h2', 'h10', 'h1'] });
    recap.record('h2', 'ok');
    expect(recap.entries().map(([h]) => h)).toEqual(['h1', 'h10', 'h2']);
  });
});

describe('formatRecapLine', () => {
  it.each([
    [
      'h1',
      { ok: 3, changed: 1, unreachable: 0, failed: 0, skipped: 2, rescued: 0, ignored: 0 },
      'h1                         : ok=3    changed=1    unreachable=0    failed=0    skipped=2    rescued=0    ignored=0',
    ],
    [
      'a-very-long-host-name.example.com',
      { ok: 10, changed: 10, unreachable: 1, failed: 1, skipped: 0, rescued: 0, ignored: 1 },
      'a-very-long-host-name.example.com : ok=10   changed=10   unreachable=1    failed=1    skipped=0    rescued=0    ignored=1',
    ],
  ])('%s', (host, stats, expected) => {
    expect(formatRecapLine(host, stats)).toBe(expected);
  });
});
