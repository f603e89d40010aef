import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestLab, startTestLab } from '../support/lab.js';
import { onLabHost, parseEvents, recapOf, runQuorum } from '../support/run-cli.js';

// Address block 127.0.61 belongs to this file. `quorum run` as a whole process against three real sshd hosts.
describe('quorum run: the core language on lab hosts', () => {
  let t: TestLab;
  const playbook = 'test/fixtures/run/basic/site.yml';

  beforeAll(async () => {
    t = await startTestLab({ hosts: 3, block: '127.0.61' });
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('first run: changes, handlers, rescue and always, with exit 0', async () => {
    const r = await runQuorum(['run', playbook, '-i', t.lab.inventoryFile, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const recap = recapOf(events);
    for (const host of ['h1', 'h2', 'h3']) {
      const s = recap.get(host)!;
      expect(s).toMatchObject({ failed: 0, unreachable: 0, rescued: 1 });
      expect(s.changed).toBeGreaterThan(0);
    }
    // The debug task ran on the first host only.
    const debug = events.filter((e) => e.type === 'host_result' && e.task === 'only on the first host');
    expect(debug.map((e) => (e.type === 'host_result' ? [e.host, e.status] : [])).sort()).toEqual([
      ['h1', 'ok'],
      ['h2', 'skipped'],
      ['h3', 'skipped'],
    ]);
    const files = await onLabHost(t.lab, 'h2', 'ls /opt/quorum-test; cat /opt/quorum-test/app.conf; stat -c %a /opt/quorum-test/app.conf; cat /opt/quorum-test-greeting');
    expect(files.split('\n')).toEqual([
      'always-ran',
      'app.conf',
      'handler-ran',
      'one.txt',
      'two.txt',
      '# written by quorum for h2',
      'greeting = hello',
      'peer = h1',
      'peer = h2',
      'peer = h3',
      '640',
      'hello, h2',
      '',
    ]);
    expect(await onLabHost(t.lab, 'h3', 'test -f /opt/quorum-test-greeting.handled && echo role-handler-ran')).toBe('role-handler-ran\n');
  });

  it('second run: nothing changes (changed=0 on every host)', async () => {
    const r = await runQuorum(['run', playbook, '-i', t.lab.inventoryFile, '--json']);
    expect(r.code).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of ['h1', 'h2', 'h3']) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('--check with a changed variable reports the change and writes nothing', async () => {
    const r = await runQuorum(['run', playbook, '-i', t.lab.inventoryFile, '--json', '--check', '-e', 'greeting=bonjour']);
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const template = events.filter((e) => e.type === 'host_result' && e.task === 'write a config from a template');
    expect(template.map((e) => (e.type === 'host_result' ? e.status : ''))).toEqual(['changed', 'changed', 'changed']);
    expect(recapOf(events).get('h1')).toMatchObject({ failed: 0 });
    expect(await onLabHost(t.lab, 'h1', 'grep greeting /opt/quorum-test/app.conf')).toBe('greeting = hello\n');
  });

  it('--limit and plain output with a PLAY RECAP', async () => {
    const r = await runQuorum(['run', playbook, '-i', t.lab.inventoryFile, '--plain', '--limit', 'h2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/PLAY RECAP \*+\nh2 +: ok=\d+ +changed=0 +unreachable=0 +failed=0/);
    expect(r.stdout).not.toContain('[h1]');
  });

  it('a host that refuses the connection is unreachable with the reason; the others go on; exit 3', async () => {
    // Nothing listens on 127.0.61.99: the connection is refused at once.
    const extra = join(mkdtempSync(join(tmpdir(), 'quorum-unreachable-')), 'extra.ini');
    writeFileSync(extra, 'dead ansible_host=127.0.61.99 ansible_user=nobody\n');
    const r = await runQuorum(['run', 'test/fixtures/run/unreachable.yml', '-i', t.lab.inventoryFile, '-i', extra, '--json']);
    expect(r.code).toBe(3);
    const events = parseEvents(r.stdout);
    const recap = recapOf(events);
    expect(recap.get('dead')).toMatchObject({ unreachable: 1, ok: 0 });
    for (const host of ['h1', 'h2', 'h3']) expect(recap.get(host)).toMatchObject({ ok: 1, unreachable: 0 });
    const dead = events.find((e) => e.type === 'host_result' && e.host === 'dead');
    expect(dead && dead.type === 'host_result' ? dead.msg : '').toMatch(/refused/i);
  });

  it('reads a templated vars_files path per run: the extra var decides which file', async () => {
    const ok = await runQuorum(['run', 'test/fixtures/run/vars-files/site.yml', '-i', t.lab.inventoryFile, '--json']);
    expect(ok.code, ok.stdout).toBe(0);
    // With flavour=red the other file is read, and the assertion (written for blue) fails on every host.
    const red = await runQuorum(['run', 'test/fixtures/run/vars-files/site.yml', '-i', t.lab.inventoryFile, '--json', '-e', 'flavour=red']);
    expect(red.code).toBe(2);
    expect([...recapOf(parseEvents(red.stdout)).values()].map((s) => s.failed)).toEqual([1, 1, 1]);
  });

  it('include_tasks with a loop runs the included tasks once per item, with loop_var and index_var', async () => {
    const r = await runQuorum(['run', 'test/fixtures/run/include-loop/site.yml', '-i', t.lab.inventoryFile, '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect(await onLabHost(t.lab, 'h3', 'cat /opt/quorum-include-loop/alpha.txt /opt/quorum-include-loop/beta.txt')).toBe('0 alpha\n1 beta\n');
  });
});
