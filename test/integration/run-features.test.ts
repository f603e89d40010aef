import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/events.js';
import { type TestLab, startTestLab } from '../support/lab.js';
import { onLabHost, parseEvents, recapOf, runQuorum } from '../support/run-cli.js';

// Address block 127.0.63 belongs to this file. group_by, inventory_dir/inventory_file, import_playbook,
// include_tasks and include_role tasks_from templated per host, ansible_failed_task/result: `quorum run` as a
// whole process against three real sshd hosts. The recaps of site.yml are those ansible-playbook 2.14 gives on
// the same hosts (checked by hand; the compat oracle holds rows for group_by and import_playbook).
const fixtures = 'test/fixtures/run/features';

/** What each host's result of one task was, as [host, status] pairs in host order. */
function statusesOf(events: readonly RunEvent[], task: string): [string, string][] {
  return events
    .filter((e): e is Extract<RunEvent, { type: 'host_result' }> => e.type === 'host_result' && e.task === task && e.loopSummary !== true)
    .map((e): [string, string] => [e.host, e.status])
    .sort(([a], [b]) => a.localeCompare(b));
}

function debugMessages(events: readonly RunEvent[], task: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of events) if (e.type === 'host_result' && e.task === task) out[e.host] = e.display?.msg;
  return out;
}

describe('quorum run: group_by, imports, per-host includes and rescue variables on lab hosts', () => {
  let t: TestLab;
  let inventoryDir: string;

  beforeAll(async () => {
    t = await startTestLab({ hosts: 3, block: '127.0.63' });
    // A directory inventory: the lab's hosts file beside group_vars/ that use inventory_dir and name a group
    // that only group_by creates.
    inventoryDir = mkdtempSync(join(tmpdir(), 'quorum-features-inv-'));
    cpSync(join(fixtures, 'inventory'), inventoryDir, { recursive: true });
    cpSync(t.lab.inventoryFile, join(inventoryDir, 'hosts.yml'));
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    if (inventoryDir) rmSync(inventoryDir, { recursive: true, force: true });
  });

  it('site.yml: group_by feeds later plays, group_vars of the new group and inventory_dir apply, imports follow their when', async () => {
    const r = await runQuorum(['run', join(fixtures, 'site.yml'), '-i', inventoryDir, '--json']);
    expect(r.code).toBe(0);
    // The play for the group that group_by creates loads with a warning, not an error.
    expect(r.stderr).toContain("warning: QUORUM_HOSTS_NO_MATCH: hosts pattern 'tier-back' matches no host of the inventory (unless the group_by task");
    const events = parseEvents(r.stdout);
    expect(statusesOf(events, 'group by tier')).toEqual([['h1', 'changed'], ['h2', 'changed'], ['h3', 'changed']]);
    expect(statusesOf(events, 'group by tier again')).toEqual([['h1', 'ok'], ['h2', 'ok'], ['h3', 'ok']]);
    const base = inventoryDir.split('/').pop();
    expect(debugMessages(events, 'show the groups')).toEqual({
      h1: `etcd,lab,tier-front,tiers | h2,h3 | h1,h2,h3 | ${base} | hosts.yml | certs`,
      h2: `etcd,lab,tier-back,tiers | h2,h3 | h1,h2,h3 | ${base} | hosts.yml | certs`,
      h3: `etcd,lab,tier-back,tiers | h2,h3 | h1,h2,h3 | ${base} | hosts.yml | certs`,
    });
    expect(debugMessages(events, 'where the imported play runs from')).toEqual({ h1: 'site imported', h2: 'site imported', h3: undefined });
    expect(statusesOf(events, 'Gathering Facts')).toEqual([['h1', 'ok'], ['h2', 'ok'], ['h3', 'skipped']]);
    const recap = recapOf(events);
    expect([...recap.entries()].map(([host, s]) => [host, s.ok, s.changed, s.skipped, s.failed])).toEqual([
      ['h1', 9, 4, 0, 0],
      ['h2', 10, 5, 0, 0],
      ['h3', 4, 2, 5, 0],
    ]);
    const files = 'for f in tier imported per-host role; do printf "%s=" $f; cat /opt/quorum-features/$f 2>/dev/null || echo -; done';
    expect(await onLabHost(t.lab, 'h1', files)).toBe("tier=-\nimported=found beside imported/more.yml\nper-host=h1's own tasks\nrole=first\n");
    expect(await onLabHost(t.lab, 'h2', files)).toBe("tier=hello from the back tier\nimported=found beside imported/more.yml\nper-host=h2's own tasks\nrole=second\n");
    expect(await onLabHost(t.lab, 'h3', files)).toBe('tier=hello from the back tier\nimported=-\nper-host=-\nrole=-\n');
  });

  it('site.yml again: only group_by changes (a new run starts from the inventory as written)', async () => {
    const r = await runQuorum(['run', join(fixtures, 'site.yml'), '-i', inventoryDir, '--json']);
    expect(r.code).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    expect([...recap.entries()].map(([host, s]) => [host, s.changed])).toEqual([['h1', 1], ['h2', 1], ['h3', 1]]);
  });

  it('quorum check follows the import and counts its plays', async () => {
    const r = await runQuorum(['check', join(fixtures, 'site.yml'), '-i', inventoryDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('site.yml: 3 play(s)');
  });

  it('rescue.yml: ansible_failed_task and ansible_failed_result in the rescue, and after it', async () => {
    const r = await runQuorum(['run', join(fixtures, 'rescue.yml'), '-i', inventoryDir, '--json', '--limit', 'h1,h2']);
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    expect(debugMessages(events, 'the variables stay after the rescue')).toEqual({ h1: 'still a command that fails', h2: 'still a command that fails' });
    expect(recapOf(events).get('h1')).toMatchObject({ ok: 2, changed: 1, failed: 0, rescued: 1 });
    expect(await onLabHost(t.lab, 'h2', 'cat /opt/quorum-features/failed')).toBe("a command that fails|command|/bin/sh -c 'exit 3'|3|True\n");
  });

  it('environment.yml: play, block and task environments reach the command; loop_control extended and index_var; include_tasks apply', async () => {
    const r = await runQuorum(['run', join(fixtures, 'environment.yml'), '-i', inventoryDir, '--json', '--limit', 'h1']);
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    expect(debugMessages(events, 'show it')).toEqual({ h1: 'play block task 3' });
    const items = events.filter((e) => e.type === 'host_result' && e.task === 'loop with extended and index_var' && e.loopSummary !== true);
    expect(items.map((e) => e.type === 'host_result' && e.msg)).toEqual(['0/2 a first=True last=False', '1/2 b first=False last=True']);
    expect(debugMessages(events, 'the registered items')).toEqual({ h1: '[0, 1] idx' });
    expect(debugMessages(events, 'show who')).toEqual({ h1: 'applied 0' });
    expect(recapOf(events).get('h1')).toMatchObject({ ok: 7, changed: 0, failed: 0 });
  });

  it('role-by-name.yml: include_role with a templated name reads the role each host names, a missing one fails that host; vars_from', async () => {
    const r = await runQuorum(['run', join(fixtures, 'role-by-name.yml'), '-i', inventoryDir, '--json']);
    expect(r.code).toBe(2);
    const events = parseEvents(r.stdout);
    expect(debugMessages(events, 'in the picked role')).toEqual({ h1: 'picked_role' });
    const other = events.filter((e) => e.type === 'host_result' && e.task === 'in the other role').map((e) => e.type === 'host_result' && [e.host, e.display?.msg]);
    expect(other).toEqual([
      ['h2', "other_role: from the other role's defaults"],
      ['h2', "other_role: from the other role's vars/alt.yml"],
    ]);
    const failure = events.find((e) => e.type === 'host_result' && e.host === 'h3' && e.status === 'failed');
    expect(failure?.type === 'host_result' && failure.msg).toContain("QUORUM_ROLE_NOT_FOUND: role 'no_such_role' not found");
  });

  it('missing-include.yml: a per-host file that is not there fails that host with the line and the path tried', async () => {
    const r = await runQuorum(['run', join(fixtures, 'missing-include.yml'), '-i', inventoryDir, '--json']);
    expect(r.code).toBe(2);
    const events = parseEvents(r.stdout);
    expect(statusesOf(events, 'include per host')).toEqual([['h1', 'ok'], ['h2', 'failed'], ['h3', 'failed']]);
    const failure = events.find((e) => e.type === 'host_result' && e.host === 'h2' && e.status === 'failed');
    expect(failure?.type === 'host_result' && failure.msg).toMatch(
      /^test\/fixtures\/run\/features\/missing-include\.yml:5:7: include_tasks '.*\.yml': no task file 'absent\.yml' \(tried \/.*\/test\/fixtures\/run\/features\/absent\.yml\)$/,
    );
    expect(statusesOf(events, 'after the include')).toEqual([['h1', 'ok']]);
    expect([...recapOf(events).entries()].map(([host, s]) => [host, s.ok, s.failed])).toEqual([
      ['h1', 3, 0],
      ['h2', 0, 1],
      ['h3', 0, 1],
    ]);
  });
});
