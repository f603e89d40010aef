import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../engine/connect/pool.js';
import type { Connection } from '../../engine/connect/types.js';
import type { LabHost } from '../../engine/lab/index.js';
import { parseMemberAddText } from '../../engine/modules/etcd-member/membership-json.js';
import { modules } from '../../engine/modules/registry.js';
import { runModule } from '../../engine/modules/run.js';
import type { JsonObject, ModuleResult } from '../../engine/modules/types.js';
import { bareModuleContext } from '../support/module-context.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost } from '../support/run-cli.js';

// Address block 127.0.46 belongs to this file. etcd_member against a real etcd 3.4 cluster on lab hosts, over
// plain HTTP: h1-h3 start as a cluster, h4 joins as a learner, starts with `existing` and is promoted; a
// removal that would break quorum is refused; an entry added by hand (a lost reply) is reused.

const block = '127.0.46';
const address = (n: number) => `${block}.${n}`;
const peerUrl = (n: number) => `http://${address(n)}:2380`;
const clientUrl = (n: number) => `http://${address(n)}:2379`;
const endpoints = [1, 2, 3].map(clientUrl);
const dataDir = '/var/lib/etcd/data';

let t: TestLab | undefined;
const connections = new Map<string, Connection>();

function connection(name: string): Connection {
  const existing = connections.get(name);
  if (existing) return existing;
  const lab = t!.lab;
  const host = lab.hosts.find((h) => h.name === name) as LabHost;
  const opened = openConnection(
    host.name,
    {
      ansible_host: host.address,
      ansible_port: host.port,
      ansible_user: host.user,
      ansible_ssh_private_key_file: host.privateKeyFile,
      quorum_known_hosts_file: lab.knownHostsFile,
    },
    { agentSocket: false },
  );
  connections.set(name, opened);
  return opened;
}


function member(args: JsonObject, options: { on?: string; check?: boolean } = {}): Promise<ModuleResult> {
  const on = options.on ?? 'h1';
  return runModule(modules.etcd_member, { endpoints, ...args }, connection(on), bareModuleContext(options.check ?? false, on));
}

const h = (n: number) => ({ name: `h${n}`, peer_urls: [peerUrl(n)] });

/** Starts etcd on lab host n in the background, as playbooks/demo/start-etcd.yml does, and waits until it answers. */
async function startEtcd(n: number, initialCluster: string, state: 'new' | 'existing'): Promise<void> {
  await onLabHost(
    t!.lab,
    `h${n}`,
    [
      'mkdir -p /var/lib/etcd /run/quorum',
      `setsid etcd --name h${n} --data-dir ${dataDir} --listen-client-urls ${clientUrl(n)} --advertise-client-urls ${clientUrl(n)}` +
        ` --listen-peer-urls ${peerUrl(n)} --initial-advertise-peer-urls ${peerUrl(n)}` +
        ` --initial-cluster ${initialCluster} --initial-cluster-state ${state}` +
        ' --logger zap --log-outputs /var/log/etcd.log </dev/null >/dev/null 2>&1 &',
      'echo $! > /run/quorum/etcd.pid',
    ].join('\n'),
  );
  await onLabHost(
    t!.lab,
    `h${n}`,
    // endpoint status, not health: a learner refuses the linearizable read that health makes.
    `for i in $(seq 100); do ETCDCTL_API=3 etcdctl --endpoints ${clientUrl(n)} --dial-timeout=1s endpoint status >/dev/null 2>&1 && exit 0; sleep 0.2; done; tail -20 /var/log/etcd.log; exit 1`,
  );
}

async function stopEtcd(n: number): Promise<void> {
  await onLabHost(t!.lab, `h${n}`, 'if [ -f /run/quorum/etcd.pid ]; then p=$(cat /run/quorum/etcd.pid); kill $p 2>/dev/null; while kill -0 $p 2>/dev/null; do sleep 0.1; done; rm -f /run/quorum/etcd.pid; fi');
}

/** What a role's `until: result is succeeded` with retries does: the same task again until it passes. */
async function until(run: () => Promise<ModuleResult>, attempts: number, delayMs: number): Promise<{ result: ModuleResult; failures: string[] }> {
  const failures: string[] = [];
  for (let i = 1; ; i++) {
    const result = await run();
    if (!result.failed || i === attempts) return { result, failures };
    failures.push(result.msg ?? '');
    await new Promise((r) => setTimeout(r, delayMs));
  }
}

beforeAll(async () => {
  t = await startTestLab({ hosts: 4, block });
  const initial = [1, 2, 3].map((n) => `h${n}=${peerUrl(n)}`).join(',');
  await Promise.all([1, 2, 3].map((n) => startEtcd(n, initial, 'new')));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled([...connections.values()].map((c) => c.close()));
  await t?.stop();
});

describe('etcd_member on a real 3-member etcd 3.4 cluster', () => {
  it('info reads the membership and changes nothing', async () => {
    const r = await member({ state: 'info', ...h(4) });
    expect(r).toMatchObject({ changed: false, values: { member: null, voters: 3, quorum: 2, tolerance: 1 } });
    expect(r.failed).toBeUndefined();
    expect(r.values['cluster_id']).toMatch(/^\d+$/);
    expect((r.values['members'] as JsonObject[]).map((m) => [m['name'], m['is_learner'], m['started']]).sort()).toEqual([
      ['h1', false, true],
      ['h2', false, true],
      ['h3', false, true],
    ]);
  }, 60_000);

  it('in check mode a learner is predicted, not added', async () => {
    const r = await member({ state: 'learner', ...h(4) }, { check: true });
    expect(r).toMatchObject({ changed: true, values: { member: { is_learner: true, started: false } } });
    expect((await member({ state: 'info' })).values['voters']).toBe(3);
    expect(((await member({ state: 'info' })).values['members'] as JsonObject[]).length).toBe(3);
  }, 60_000);

  it('adds a 4th as a learner, then a second call changes nothing', async () => {
    const first = await member({ state: 'learner', ...h(4) });
    expect(first.failed, first.msg).toBeUndefined();
    expect(first).toMatchObject({ changed: true, values: { member: { name: '', peer_urls: [peerUrl(4)], is_learner: true, started: false }, voters: 3 } });
    expect(first.values['initial_cluster']).toBe([1, 2, 3, 4].map((n) => `h${n}=${peerUrl(n)}`).join(','));
    const second = await member({ state: 'learner', ...h(4) });
    expect(second).toMatchObject({ changed: false, values: { member: { id: (first.values['member'] as JsonObject)['id'] } } });
  }, 60_000);

  it('refuses to promote a learner that has not started, with etcd\'s message', async () => {
    const r = await member({ state: 'voter', ...h(4) });
    expect(r.failed).toBe(true);
    expect(r.msg).toContain('can only promote a learner member which is in sync with leader');
  }, 60_000);

  it('starts the learner with existing, promotes it once in sync, then changes nothing; its data dir is its own', async () => {
    const learner = await member({ state: 'info', ...h(4) });
    await startEtcd(4, String(learner.values['initial_cluster']), 'existing');
    const { result } = await until(() => member({ state: 'voter', ...h(4) }), 20, 500);
    expect(result.failed, result.msg).toBeUndefined();
    expect(result).toMatchObject({ changed: true, values: { member: { name: 'h4', is_learner: false, started: true }, voters: 4, quorum: 3, tolerance: 1 } });
    const again = await member({ state: 'voter', ...h(4) });
    expect(again).toMatchObject({ changed: false, values: { voters: 4 } });
    const own = await member({ state: 'info', ...h(4), data_dir: dataDir }, { on: 'h4' });
    expect(own.values['data_dir']).toMatchObject({ has_member: true, stale: false, member_id: (result.values['member'] as JsonObject)['id'], cluster_id: result.values['cluster_id'] });
  }, 90_000);

  it('adds another learner right after a promotion (etcd 3.4 says unhealthy cluster for a while: retried), then removes it', async () => {
    const added = await member({ state: 'learner', ...h(5) });
    expect(added.failed, added.msg).toBeUndefined();
    expect(added).toMatchObject({ changed: true, values: { member: { is_learner: true } } });
    const removed = await member({ state: 'absent', ...h(5) });
    expect(removed.failed, removed.msg).toBeUndefined();
    expect(removed).toMatchObject({ changed: true, values: { member: null, voters: 4 } });
  }, 90_000);

  it('removes a voter while quorum holds; its data dir is then stale', async () => {
    const removed = await member({ state: 'absent', ...h(4) });
    expect(removed.failed, removed.msg).toBeUndefined();
    expect(removed).toMatchObject({ changed: true, values: { member: null, voters: 3, quorum: 2 } });
    await stopEtcd(4);
    const dir = await member({ state: 'info', ...h(4), data_dir: dataDir }, { on: 'h4' });
    expect(dir.values['data_dir']).toMatchObject({ has_member: true, stale: true });
    expect(String((dir.values['data_dir'] as JsonObject)['reason'])).toMatch(/^holds member \d+, which this cluster does not list for this host$/);
    expect(await member({ state: 'absent', ...h(4) })).toMatchObject({ changed: false });
  }, 90_000);

  it('refuses a removal that would break quorum, with the numbers, and removes nothing', async () => {
    await stopEtcd(3);
    try {
      const r = await member({ state: 'absent', ...h(1), endpoints: [clientUrl(1), clientUrl(2)] });
      expect(r).toMatchObject({
        changed: false,
        failed: true,
        msg: 'removing h1 would break quorum: voters 3, healthy 2; after the removal 2 voters need a quorum of 2 but 1 healthy would remain',
      });
      expect((await member({ state: 'info', endpoints: [clientUrl(1), clientUrl(2)] })).values['voters']).toBe(3);
    } finally {
      await startEtcd(3, [1, 2, 3].map((n) => `h${n}=${peerUrl(n)}`).join(','), 'new');
    }
  }, 90_000);

  it('reuses an entry added by hand whose reply was lost, and removes that learner', async () => {
    // By hand, as an SRE would, waiting out `unhealthy cluster` while h3 (restarted above) reconnects.
    const out = await onLabHost(
      t!.lab,
      'h1',
      `for i in $(seq 60); do out=$(ETCDCTL_API=3 etcdctl --endpoints ${endpoints.join(',')} member add h4 --peer-urls=${peerUrl(4)} --learner 2>&1) && break; sleep 0.5; done; echo "$out"`,
    );
    const byHand = parseMemberAddText(out);
    expect(byHand).toBeDefined();
    const r = await member({ state: 'learner', ...h(4) });
    expect(r).toMatchObject({ changed: false, values: { member: { id: byHand!.memberId, is_learner: true, started: false }, cluster_id: byHand!.clusterId } });
    expect(await member({ state: 'absent', ...h(4) })).toMatchObject({ changed: true, values: { member: null, voters: 3 } });
  }, 90_000);
});
