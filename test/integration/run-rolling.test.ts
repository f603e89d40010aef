import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/events.js';
import { type TestLab, startTestLab } from '../support/lab.js';
import { onLabHost, parseEvents, runQuorum } from '../support/run-cli.js';

// Address block 127.0.62 belongs to this file. Rolling plays against a real 3-member etcd cluster on lab hosts.
describe('quorum run: rolling plays keep quorum on a real etcd cluster', () => {
  let t: TestLab;
  const dir = 'test/fixtures/run/rolling';
  const run = (playbook: string, ...extra: string[]) =>
    runQuorum(['run', `${dir}/${playbook}`, '-i', t.lab.inventoryFile, '--json', ...extra]);
  const batches = (events: RunEvent[]) =>
    events.flatMap((e) => (e.type === 'batch_start' ? [{ hosts: e.hosts, votersUp: e.votersUp, quorum: e.quorum }] : []));
  const leaderOf = async () => {
    const out = await onLabHost(t.lab, 'h1', 'etcdctl --endpoints http://127.0.62.1:2379,http://127.0.62.2:2379,http://127.0.62.3:2379 endpoint status -w simple');
    const line = out.split('\n').find((l) => l.split(', ')[4] === 'true');
    return line?.split(':')[1]?.replace('//', '');
  };

  beforeAll(async () => {
    t = await startTestLab({ hosts: 3, block: '127.0.62' });
    const r = await run('deploy.yml');
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('restarts one member per batch, followers first, the leader last after moving leadership', async () => {
    const leaderAddress = await leaderOf();
    const leader = t.lab.hosts.find((h) => h.address === leaderAddress)!.name;
    const r = await run('restart.yml');
    expect(r.code, r.stderr).toBe(0);
    const events = parseEvents(r.stdout);
    const planned = batches(events);
    expect(planned.map((b) => b.hosts.length)).toEqual([1, 1, 1]);
    expect(planned.every((b) => b.votersUp === 2 && b.quorum === 2)).toBe(true);
    expect(planned[2]!.hosts).toEqual([leader]);
    const moved = events.find((e) => e.type === 'leader_moved');
    expect(moved).toMatchObject({ from: leader });
    expect(events.filter((e) => e.type === 'gate' && e.status === 'passed')).toHaveLength(3);
    expect(await onLabHost(t.lab, 'h1', 'etcdctl --endpoints http://127.0.62.1:2379,http://127.0.62.2:2379,http://127.0.62.3:2379 endpoint health 2>&1 | grep -c "is healthy"')).toBe('3\n');
  }, 180_000);

  it('restarts a member that is already down first, since that takes nothing away', async () => {
    await onLabHost(t.lab, 'h3', 'kill $(cat /run/quorum/etcd.pid); while kill -0 $(cat /run/quorum/etcd.pid) 2>/dev/null; do sleep 0.1; done; rm -f /run/quorum/etcd.pid');
    const r = await run('restart.yml');
    expect(r.code, r.stderr).toBe(0);
    const planned = batches(parseEvents(r.stdout));
    expect(planned[0]).toMatchObject({ hosts: ['h3'], votersUp: 2 });
    expect(planned.flatMap((b) => b.hosts).sort()).toEqual(['h1', 'h2', 'h3']);
  }, 180_000);

  it('halts at the gate when a member does not come back, and keeps quorum', async () => {
    const leaderAddress = await leaderOf();
    const follower = t.lab.hosts.find((h) => h.address !== leaderAddress)!.name;
    const r = await run('restart-breaking.yml', '-e', `break_host=${follower}`);
    expect(r.code).toBe(2);
    const events = parseEvents(r.stdout);
    const planned = batches(events);
    expect(planned).toHaveLength(1);
    expect(planned[0]!.hosts).toEqual([follower]);
    const failed = events.find((e) => e.type === 'gate' && e.status === 'failed');
    expect(failed && failed.type === 'gate' ? failed.detail : '').toMatch(new RegExp(`${follower} did not answer.*stopped after batch 1 of 3, not started: `));
    // Two of three members still serve: quorum is kept.
    expect(await onLabHost(t.lab, 'h1', 'etcdctl --endpoints http://127.0.62.1:2379,http://127.0.62.2:2379,http://127.0.62.3:2379 endpoint health 2>&1 | grep -c "is healthy"')).toBe('2\n');
  }, 180_000);
});
