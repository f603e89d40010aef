import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../engine/connect/local.js';
import { readLiveClusterState } from '../../engine/etcd/live-state.js';
import { type TestEtcd, startTestCluster } from '../support/etcd.js';

// Address block 127.0.51.x belongs to this file.
describe('readLiveClusterState against a real 3-member cluster', () => {
  let members: TestEtcd[] = [];
  const via = new LocalConnection();
  const options = () => ({
    seeds: members.map((m) => ({ clientUrl: m.clientUrl, via })),
    route: () => ({ via }),
    timeoutMs: 2000,
  });

  beforeAll(async () => {
    members = await startTestCluster([1, 2, 3].map((i) => ({ name: `m${i}`, address: `127.0.51.${i}` })));
  });

  afterAll(async () => {
    await Promise.all(members.map((m) => m.stop()));
  });

  it('sees three healthy voters that agree on one leader', async () => {
    const state = await readLiveClusterState(options());
    expect(state.members.map((m) => [m.name, m.role, m.health.healthy]).sort()).toEqual([
      ['m1', 'voter', true],
      ['m2', 'voter', true],
      ['m3', 'voter', true],
    ]);
    expect(state.members.map((m) => m.id)).toContain(state.leaderId);
    expect(state.clusterId).toMatch(/^\d+$/);
  });

  it('marks a stopped member unhealthy, with the reason, and still reads the rest', async () => {
    const stopped = members[2]!;
    stopped.process.kill('SIGTERM');
    await new Promise((r) => stopped.process.once('exit', r));
    const state = await readLiveClusterState(options());
    const byName = new Map(state.members.map((m) => [m.name, m]));
    expect(byName.get('m3')?.health.healthy).toBe(false);
    expect(byName.get('m1')?.health.healthy).toBe(true);
    expect(byName.get('m2')?.health.healthy).toBe(true);
    const m3 = byName.get('m3')!;
    expect(m3.health.healthy === false && m3.health.reason.length > 0).toBe(true);
  });
});
