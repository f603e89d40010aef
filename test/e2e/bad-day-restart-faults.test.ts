import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/events.js';
import { EtcdWriter, labEndpointTargets, type WriterTotals } from '../support/etcd-load.js';
import { cutSshConnection, killEtcd, partitionFromPeers, partitionUnsupported, type Partition } from '../support/faults.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost } from '../support/run-cli.js';
import { QuorumProcess, RAW_OR_LEAKED, runToEnd } from '../support/quorum-process.js';

// Address block 127.0.112 belongs to this file. Faults in the middle of a rolling restart of three real members,
// each under a write load that goes through every endpoint as kube-apiserver's client does (test/support/etcd-load):
// a member SIGKILLed right after its restart (the gate stops the run, quorum kept, --resume completes once it is
// back), the SSH connection to a member cut while a task runs (a task that converges is run again; one that runs
// what it is told fails naming the host, before anything of that member went down), and a member cut off from its
// peers when it comes back (the gate does not pass it; the run stops with quorum kept). Judged by the load: no
// failed write, none missing, and no stretch without an acknowledged write as long as 2 s.

const block = '127.0.112';
const inventory = 'inventories/lab';
const all = ['h1', 'h2', 'h3'];

describe('the bad day: faults in the middle of a rolling restart, under load', () => {
  let t: TestLab;
  const labVars = () => ['-e', `quorum_lab_dir=${t.lab.dir}`, '-e', `quorum_lab_block=${block}`];
  const work = () => join(t.lab.dir, 'bad-day');
  const quorum = (args: string[]) => runToEnd([...args, ...labVars()], {}, 300_000);
  const watch = (args: string[]) => new QuorumProcess([...args, ...labVars()]);
  const etcdctl = (host: string, args: string) =>
    onLabHost(
      t.lab,
      host,
      `ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://${block}.${host.slice(1)}:2379 --cacert /etc/etcd/pki/ca.crt ` +
        `--cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key --command-timeout 3s ${args} 2>&1 || true`,
    );
  const healthy = async () => {
    const answers = await Promise.all(all.map((h) => etcdctl(h, 'endpoint health')));
    return all.filter((_, i) => answers[i]!.includes('is healthy'));
  };
  /** Runs `body` under the write load and judges the load by the targets. */
  const underLoad = async (body: () => Promise<void>): Promise<WriterTotals> => {
    const targets = labEndpointTargets(t.lab, all, { pkiDir: join(t.lab.dir, 'pki', 'etcd'), direct: true });
    const writer = EtcdWriter.start(targets.members.map((m) => m.target));
    await writer.warmUp();
    let totals: WriterTotals;
    try {
      await body();
    } finally {
      totals = await writer.stop();
    }
    const readable = await writer.verifyAllReadable();
    await writer.close();
    await targets.close();
    expect(totals.failures, JSON.stringify(totals.failures.slice(0, 3))).toEqual([]);
    expect(readable.missing).toEqual([]);
    expect(totals.writes).toBeGreaterThan(20);
    expect(totals.longestGapMs, JSON.stringify(totals)).toBeLessThan(2000);
    return totals;
  };
  const batchHosts = (events: readonly RunEvent[]) => events.flatMap((e) => (e.type === 'batch_start' ? [e.hosts] : []));

  beforeAll(async () => {
    t = await startTestLab({ hosts: 3, block, etcdArchive: true });
    await mkdir(work(), { recursive: true });
    const r = await quorum(['run', 'playbooks/deploy.yml', '-i', inventory, '--json']);
    expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('a member SIGKILLed right after its restart: the gate stops the run, quorum kept; --resume completes once it is back', async () => {
    const planFile = join(work(), 'restart.plan.json');
    const runDir = join(work(), 'runs');
    const playbook = 'test/fixtures/e2e/restart-with-crash.yml';
    const planned = await quorum(['plan', playbook, '-i', inventory, '-o', planFile, '--json']);
    expect(planned.code, planned.stderr).toBe(0);
    let runId: string | undefined;
    let victim = '';
    await underLoad(async () => {
      const apply = watch(['apply', planFile, '--run-dir', runDir, '--json']);
      const second = await apply.waitFor((e) => e.type === 'batch_start' && e.index === 2);
      victim = second.type === 'batch_start' ? second.hosts[0]! : '';
      // Killed from outside once its restart is done and it listens again: the gate is what must catch it.
      await apply.waitFor((e) => e.type === 'host_result' && e.host === victim && e.task === 'wait until this member listens on its client port again' && e.status === 'ok');
      await killEtcd(t.lab.dir, victim);
      const end = await apply.ended;
      expect(end.code, end.stdout.slice(-3000) + end.stderr).toBe(2);
      expect(`${end.stdout}${end.stderr}`).not.toMatch(RAW_OR_LEAKED);
      const stop = apply.events.find((e) => e.type === 'gate' && e.status === 'failed');
      expect(stop && stop.type === 'gate' ? stop.detail : '').toMatch(new RegExp(`${victim}.*stopped after batch 2 of 3`, 's'));
      expect(batchHosts(apply.events)).toHaveLength(2);
      runId = /quorum apply: run (\S+)/.exec(end.stderr)?.[1];
    });
    expect((await healthy()).sort()).toEqual(all.filter((h) => h !== victim));
    const back = await quorum(['run', 'playbooks/start-members.yml', '-i', inventory, '--limit', victim, '--json']);
    expect(back.code, back.stdout.slice(-2000) + back.stderr).toBe(0);
    await underLoad(async () => {
      // The journal holds the extra vars the run started with: --resume takes none.
      const resumed = await runToEnd(['apply', '--resume', runId!, '--run-dir', runDir, '--json'], {}, 300_000);
      expect(resumed.code, resumed.stdout.slice(-3000) + resumed.stderr).toBe(0);
    });
    expect((await healthy()).sort()).toEqual(all);
  }, 600_000);

  it('the SSH connection cut while a task runs: a task that converges runs again on a new connection, and the run completes', async () => {
    await underLoad(async () => {
      const run = watch(['run', 'test/fixtures/e2e/restart-with-slow-step.yml', '-i', inventory, '-e', 'slow_step=wait_for', '--json']);
      const first = await run.waitFor((e) => e.type === 'batch_start' && e.index === 1);
      const host = first.type === 'batch_start' ? first.hosts[0]! : '';
      await run.waitFor((e) => e.type === 'task_start' && e.task === 'a slow step that converges');
      await new Promise((r) => setTimeout(r, 500));
      await cutSshConnection(run.child.pid!, `${block}.${host.slice(1)}`);
      const end = await run.ended;
      expect(end.code, end.stdout.slice(-3000) + end.stderr).toBe(0);
      expect(end.stdout).toMatch(new RegExp(`${host}: a slow step that converges: ${host}: the SSH connection dropped while a command ran .*runs once more on a new connection`));
      expect(batchHosts(run.events).flat().sort()).toEqual(all);
    });
    expect((await healthy()).sort()).toEqual(all);
  }, 300_000);

  it('the SSH connection cut while a command runs: it fails naming the host, nothing of that member went down, quorum kept', async () => {
    await underLoad(async () => {
      const run = watch(['run', 'test/fixtures/e2e/restart-with-slow-step.yml', '-i', inventory, '-e', 'slow_step=command', '--json']);
      const first = await run.waitFor((e) => e.type === 'batch_start' && e.index === 1);
      const host = first.type === 'batch_start' ? first.hosts[0]! : '';
      await run.waitFor((e) => e.type === 'task_start' && e.task === 'a slow step that runs what it is told');
      await new Promise((r) => setTimeout(r, 500));
      await cutSshConnection(run.child.pid!, `${block}.${host.slice(1)}`);
      const end = await run.ended;
      expect(end.code, end.stdout.slice(-3000) + end.stderr).toBe(2);
      const failed = run.events.find((e) => e.type === 'host_result' && e.status === 'failed');
      expect(failed && failed.type === 'host_result' ? `${failed.host}: ${failed.msg}` : '').toMatch(new RegExp(`^${host}: ${host}: the SSH connection dropped while a command ran`));
      // The restart after it never started: the member is as it was.
      expect(run.events.some((e) => e.type === 'task_start' && e.task === 'restart etcd')).toBe(false);
      expect(batchHosts(run.events)).toHaveLength(1);
    });
    expect((await healthy()).sort()).toEqual(all);
  }, 300_000);

  it('a member cut off from its peers when it comes back: the gate does not pass it, the run stops with quorum kept', async (context) => {
    const unsupported = await partitionUnsupported();
    if (unsupported) {
      context.skip(`cannot partition on this machine: ${unsupported}`);
      return;
    }
    let partition: Partition | undefined;
    let victim = '';
    try {
      await underLoad(async () => {
        // The slow step before each restart leaves the time to cut the member off before it goes down: the
        // member that comes back opens every peer connection from inside the partition.
        const run = watch(['run', 'test/fixtures/e2e/restart-with-slow-step.yml', '-i', inventory, '-e', 'slow_step=wait_for', '--json']);
        const first = await run.waitFor((e) => e.type === 'batch_start' && e.index === 1);
        victim = first.type === 'batch_start' ? first.hosts[0]! : '';
        await run.waitFor((e) => e.type === 'task_start' && e.task === 'a slow step that converges');
        partition = await partitionFromPeers(t.lab.dir, victim, `${block}.${victim.slice(1)}`);
        const end = await run.ended;
        expect(end.code, end.stdout.slice(-3000) + end.stderr).toBe(2);
        const stop = run.events.find((e) => e.type === 'gate' && e.status === 'failed');
        expect(stop && stop.type === 'gate' ? stop.detail : '').toMatch(new RegExp(`not healthy within 15s: .*${victim}.*stopped after batch 1 of 3`, 's'));
        expect(batchHosts(run.events)).toHaveLength(1);
        // Quorum kept: the two others answer healthy while the victim is cut off.
        expect((await healthy()).sort()).toEqual(all.filter((h) => h !== victim));
      });
    } finally {
      await partition?.heal();
    }
    // Healed, it catches up on its own.
    const deadline = Date.now() + 30_000;
    while ((await healthy()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    expect((await healthy()).sort()).toEqual(all);
  }, 300_000);
});
