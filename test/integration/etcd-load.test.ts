import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdWriter, QuorumMonitor, labEndpointTargets, memberStartTimes } from '../support/etcd-load.js';
import { useTestLab } from '../support/lab.js';
import { type LabMember, makeLabPki, startLabEtcd, stopLabEtcd } from '../support/lab-etcd.js';

// Address block 127.0.54 belongs to this file. The e2e tests' load writer and quorum monitor against a real
// plain-HTTP 3-member etcd on lab hosts (h1-h3), through SSH tunnels and directly, and a one-member TLS cluster
// on h4 with the contract's certificates.
describe('the load writer and the quorum monitor against a real cluster', () => {
  const lab = useTestLab({ hosts: 4, block: '127.0.54' });
  const pkiDir = join(tmpdir(), 'quorum-test-etcd-load-pki');
  const members: LabMember[] = ['h1', 'h2', 'h3'].map((name, i) => ({ name, address: `127.0.54.${i + 1}` }));
  const hosts = members.map((m) => m.name);
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const restart = async (host: string, downMs: number) => {
    await stopLabEtcd(lab(), host);
    await pause(downMs);
    // The data dir holds the member: the initial cluster given here is not read.
    await startLabEtcd(lab(), members.filter((m) => m.name === host));
  };

  const tlsMember: LabMember = { name: 'h4', address: '127.0.54.4' };

  beforeAll(async () => {
    rmSync(pkiDir, { recursive: true, force: true });
    await Promise.all([startLabEtcd(lab(), members), startLabEtcd(lab(), [tlsMember], { pki: makeLabPki(pkiDir, [tlsMember]) })]);
  }, 120_000);

  const closeTargets: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(closeTargets.map((c) => c()));
    rmSync(pkiDir, { recursive: true, force: true });
  });

  it.each([
    { route: 'through an SSH tunnel', direct: false },
    { route: 'directly', direct: true },
  ])('writes and monitors over TLS with the admin certificate, $route', async ({ direct }) => {
    const targets = labEndpointTargets(lab(), ['h4'], { pkiDir, direct });
    closeTargets.push(targets.close);
    // The SSH handshake first: on a loaded machine it can take most of the measured seconds.
    await targets.members[0]!.target.via?.exec('true');
    const writer = EtcdWriter.start(targets.members.map((m) => m.target), { prefix: 'load-tls/' });
    const monitor = QuorumMonitor.start(targets.members);
    await pause(3000);
    const totals = await writer.stop();
    const seen = await monitor.stop();
    expect(totals.failures).toEqual([]);
    expect(totals.writes, JSON.stringify({ ...totals, seen })).toBeGreaterThan(10);
    expect(await writer.verifyAllReadable()).toEqual({ checked: totals.writes, missing: [] });
    expect(seen.minimum).toMatchObject({ healthyVoters: 1, unhealthy: [] });
    await writer.close();
  }, 60_000);

  it.each([
    { route: 'through SSH tunnels', direct: false },
    { route: 'directly', direct: true },
  ])('writes without failures $route while a member restarts; the monitor sees 2 healthy voters at least', async ({ direct }) => {
    const targets = labEndpointTargets(lab(), hosts, { direct });
    closeTargets.push(targets.close);
    const before = await memberStartTimes(lab(), hosts);
    const writer = EtcdWriter.start(targets.members.map((m) => m.target), { prefix: `load-${direct ? 'direct' : 'tunnel'}/` });
    const monitor = QuorumMonitor.start(targets.members);
    await pause(1000);
    await restart('h3', 500);
    await pause(1000);
    const totals = await writer.stop();
    const seen = await monitor.stop();
    const after = await memberStartTimes(lab(), hosts);

    expect(totals.failures).toEqual([]);
    expect(totals.writes).toBeGreaterThan(50);
    expect(await writer.verifyAllReadable()).toEqual({ checked: totals.writes, missing: [] });
    expect(seen.minimum).toMatchObject({ healthyVoters: 2, unhealthy: ['h3'] });
    expect(seen.samples).toBeGreaterThan(10);
    expect(after.get('h1')).toBe(before.get('h1'));
    expect(after.get('h2')).toBe(before.get('h2'));
    expect(after.get('h3')).not.toBe(before.get('h3'));
    expect(after.get('h3')).toMatch(/^\w{3} \w{3} +\d+ \d\d:\d\d:\d\d \d{4}$/);
    await writer.close();
  }, 120_000);

  it('counts writes no member took as failures, with each attempt\'s error, and the monitor sees quorum lost', async () => {
    const targets = labEndpointTargets(lab(), hosts, { direct: true, timeoutMs: 500 });
    closeTargets.push(targets.close);
    await Promise.all([stopLabEtcd(lab(), 'h2'), stopLabEtcd(lab(), 'h3')]);
    try {
      const monitor = QuorumMonitor.start(targets.members);
      const writer = EtcdWriter.start(targets.members.map((m) => m.target), { prefix: 'load-lost/', writeTimeoutMs: 1500 });
      await pause(2500);
      const totals = await writer.stop();
      const seen = await monitor.stop();
      await writer.close();
      expect(totals.failures.length).toBeGreaterThan(0);
      // Each failure lists its attempts, `<endpoint>: <error>`, over the members in turn.
      const attempts = totals.failures.flatMap((f) => f.errors);
      expect(attempts.every((a) => /^http:\/\/127\.0\.54\.[123]:2379: \S/.test(a))).toBe(true);
      expect(new Set(attempts.map((a) => a.split(': ')[0])).size).toBe(3);
      expect(seen.minimum).toMatchObject({ healthyVoters: 0, unhealthy: ['h1', 'h2', 'h3'] });
    } finally {
      await startLabEtcd(lab(), members.filter((m) => m.name !== 'h1'));
    }
  }, 120_000);
});
