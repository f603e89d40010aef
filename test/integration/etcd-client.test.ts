import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, isSafeNumber } from 'lossless-json';
import { LocalConnection } from '../../engine/connect/local.js';
import { EndpointClient, type EndpointTarget } from '../../engine/etcd/endpoint-client.js';
import { type TestEtcd, type TestPki, makeTestPki, startTestEtcd } from '../support/etcd.js';

// Address block 127.0.50.x belongs to this file.
describe('EndpointClient against a real etcd', () => {
  let plain: TestEtcd;
  let secure: TestEtcd;
  let pki: TestPki;

  beforeAll(async () => {
    // The certificate names the member and its own address only, not 127.0.0.1: a tunnel must verify the name.
    pki = makeTestPki(['member-b', '127.0.50.2']);
    [plain, secure] = await Promise.all([
      startTestEtcd({ name: 'member-a', address: '127.0.50.1' }),
      startTestEtcd({ name: 'member-b', address: '127.0.50.2', pki }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([plain?.stop(), secure?.stop()]);
    if (pki) rmSync(pki.dir, { recursive: true, force: true });
  });

  /** etcdctl's own view, with ids parsed losslessly, to compare ours against. */
  function etcdctlStatus(target: TestEtcd, tlsArgs: string[] = []): { member: string; leader: string } {
    const out = execFileSync('etcdctl', ['--endpoints', target.clientUrl, ...tlsArgs, 'endpoint', 'status', '-w', 'json']);
    const parsed = parse(out.toString(), undefined, (value) => (isSafeNumber(value) ? Number(value) : value)) as {
      Status: { header: { member_id: unknown }; leader: unknown };
    }[];
    const status = parsed[0]!.Status;
    return { member: String(status.header.member_id), leader: String(status.leader) };
  }

  const tlsOf = (p: TestPki) => ({ ca: readFileSync(p.ca), cert: readFileSync(p.cert), key: readFileSync(p.key) });

  it.each<[string, () => EndpointTarget, () => string[]]>([
    ['plain HTTP, dialled directly', () => ({ clientUrl: plain.clientUrl }), () => []],
    ['plain HTTP, through a tunnel', () => ({ clientUrl: plain.clientUrl, via: new LocalConnection() }), () => []],
    [
      'TLS with client certificates, through a tunnel, verifying the member name',
      () => ({ clientUrl: secure.clientUrl, via: new LocalConnection(), tls: tlsOf(pki), serverName: 'member-b' }),
      () => ['--cacert', pki.ca, '--cert', pki.cert, '--key', pki.key],
    ],
  ])('reads status and members losslessly: %s', async (_name, target, tlsArgs) => {
    const t = target();
    const member = t.clientUrl === plain.clientUrl ? plain : secure;
    const client = await EndpointClient.open(t);
    try {
      const status = await client.status();
      const expected = etcdctlStatus(member, tlsArgs());
      expect(status.memberId).toBe(expected.member);
      expect(status.leaderId).toBe(expected.leader);
      expect(status.version).toBe('3.4.23');
      expect(status.raftAppliedIndex).toBeGreaterThan(0);
      const list = await client.memberList();
      expect(list.members).toEqual([
        { id: expected.member, name: member.name, peerUrls: [expect.stringContaining(':2380')], clientUrls: [member.clientUrl], isLearner: false },
      ]);
    } finally {
      await client.close();
    }
  });

  it('refuses a TLS member when the name to verify is not on its certificate', async () => {
    const client = await EndpointClient.open({
      clientUrl: secure.clientUrl,
      via: new LocalConnection(),
      tls: tlsOf(pki),
      serverName: 'some-other-member',
      timeoutMs: 1500,
    });
    try {
      await expect(client.status()).rejects.toThrow();
    } finally {
      await client.close();
    }
  });
});
