import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterAccess } from '../../engine/etcd/cluster-access.js';
import { ClusterLockedError, acquireClusterLock, readClusterLock, type LockOwner } from '../../engine/etcd/cluster-lock.js';
import { repoRoot } from '../../engine/paths.js';
import { type TestLab, startTestLab } from '../support/lab.js';
import { onLabHost, runQuorum } from '../support/run-cli.js';

// Address block 127.0.53 belongs to this file. The cluster lock against a real 3-member etcd cluster: a second
// holder is refused with the first's owner, the lease is kept alive through another member while the one the
// lock talks to is down for longer than the TTL, and a release frees the key at once.
describe('the cluster lock on a real etcd cluster', () => {
  let t: TestLab;
  let work: string;
  const endpoints = 'http://127.0.53.1:2379,http://127.0.53.2:2379,http://127.0.53.3:2379';
  // The members' client ports are on loopback: the lock dials them directly, as with quorum_etcd_direct.
  const access: ClusterAccess = {
    members: [1, 2, 3].map((n) => ({ host: `h${n}`, clientUrl: `http://127.0.53.${n}:2379`, serverName: `127.0.53.${n}`, direct: true })),
    tls: undefined,
  };
  const target = { cluster: 'etcd', access, connectionFor: () => Promise.reject(new Error('no SSH: the members are dialled directly')) };
  const owner = (run: string): LockOwner => ({ holder: 'sre@ops1', pid: 4242, run, command: 'quorum apply plan.json', since: new Date().toISOString() });
  const lockValue = async () => (await onLabHost(t.lab, 'h2', `etcdctl --endpoints ${endpoints} get /quorum/locks/etcd --print-value-only`)).trim();

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'quorum-lock-test-'));
    await cp(join(repoRoot, 'test/fixtures/apply'), work, { recursive: true });
    t = await startTestLab({ hosts: 3, block: '127.0.53' });
    const r = await runQuorum(['run', join(work, 'deploy.yml'), '-i', t.lab.inventoryFile, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses a second holder at once, naming the first, and frees the key on release', async () => {
    const lost: string[] = [];
    const held = await acquireClusterLock(target, owner('run-a'), (why) => lost.push(why));
    try {
      const started = Date.now();
      const refusal = await acquireClusterLock(target, owner('run-b'), () => undefined).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refusal).toBeInstanceOf(ClusterLockedError);
      const locked = refusal as ClusterLockedError;
      expect(locked.owner).toMatchObject({ holder: 'sre@ops1', run: 'run-a' });
      expect(locked.expiresInSeconds).toBeGreaterThan(20);
      expect(locked.expiresInSeconds).toBeLessThanOrEqual(30);
      expect(locked.exitCode).toBe(6);
      expect((await readClusterLock(target))?.owner?.run).toBe('run-a');
      expect(JSON.parse(await lockValue())).toMatchObject({ run: 'run-a' });
    } finally {
      expect(await held.release()).toBeUndefined();
    }
    expect(await lockValue()).toBe('');
    expect(await readClusterLock(target)).toBeUndefined();
    expect(lost).toEqual([]);
  }, 60_000);

  it('keeps the lease alive through another member while the first one is down for longer than the TTL', async () => {
    const lost: string[] = [];
    const held = await acquireClusterLock(target, owner('run-c'), (why) => lost.push(why));
    try {
      // h1 is the member the lock talks to first; stop it for 40 s, longer than the 30 s lease.
      await onLabHost(t.lab, 'h1', 'kill $(cat /run/quorum/etcd.pid); while kill -0 $(cat /run/quorum/etcd.pid) 2>/dev/null; do sleep 0.1; done; rm -f /run/quorum/etcd.pid');
      await new Promise((r) => setTimeout(r, 40_000));
      expect(JSON.parse(await lockValue())).toMatchObject({ run: 'run-c' });
      expect(lost).toEqual([]);
    } finally {
      await held.release();
      const r = await runQuorum(['run', join(work, 'deploy.yml'), '-i', t.lab.inventoryFile, '--json']);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(await lockValue()).toBe('');
  }, 120_000);
});
