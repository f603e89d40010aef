import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/events.js';
import { repoRoot } from '../../engine/paths.js';
import { type TestLab, startTestLab } from '../support/lab.js';
import { type CliResult, onLabHost, parseEvents, runQuorum } from '../support/run-cli.js';

// Address block 127.0.52 belongs to this file. `quorum plan -o` then `quorum apply` against a real 3-member etcd
// cluster on lab hosts, restarted by a rolling play: fresh plans run, stale ones are refused, two runs never
// roll the cluster at once, a closed window and a killed run both leave a run that `--resume` completes. A leader
// moved since the plan does not make it stale (the leader of then goes last); a killed run's lock is taken over.
describe('quorum apply: saved plans, the cluster lock, the journal and resume, on a real etcd cluster', () => {
  let t: TestLab;
  let work: string;
  const endpoints = 'http://127.0.52.1:2379,http://127.0.52.2:2379,http://127.0.52.3:2379';
  const path = (name: string) => join(work, name);
  const runDir = () => path('runs');
  const plan = (...extra: string[]) => runQuorum(['plan', path('restart.yml'), '-i', t.lab.inventoryFile, '-o', path('plan.json'), ...extra]);
  const applyArgs = (...extra: string[]) => ['apply', path('plan.json'), path('restart.yml'), '-i', t.lab.inventoryFile, '--run-dir', runDir(), '--json', ...extra];
  const resume = (runId: string) => runQuorum(['apply', '--resume', runId, '--run-dir', runDir(), '--json']);
  const runIdOf = (r: CliResult) => /quorum apply: run (\S+)/.exec(r.stderr)?.[1] ?? '';
  const journal = async (runId: string) =>
    (await readFile(join(runDir(), runId, 'journal.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; batch?: number; outcome?: string });
  const batchesRun = (events: RunEvent[]) => events.flatMap((e) => (e.type === 'batch_start' ? [e.index] : []));
  const healthyCount = async () => (await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} endpoint health 2>&1 | grep -c "is healthy" || true`)).trim();
  const statusLines = async () =>
    (await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} endpoint status -w simple`)).trim().split('\n').map((l) => l.split(', '));

  /** A quorum process in the background, for the runs that must overlap or be killed. */
  const startQuorum = (args: string[]): { child: ChildProcess; done: Promise<CliResult>; stderr: () => string } => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr })));
    return { child, done, stderr: () => stderr };
  };
  const until = async (what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) => {
    const end = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const journalHas = (runId: () => string, type: string) => async () => {
    if (runId() === '') return false;
    return (await journal(runId()).catch(() => [])).some((e) => e.type === type);
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'quorum-apply-test-'));
    await cp(join(repoRoot, 'test/fixtures/apply'), work, { recursive: true });
    t = await startTestLab({ hosts: 3, block: '127.0.52' });
    const r = await runQuorum(['run', path('deploy.yml'), '-i', t.lab.inventoryFile, '--json']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await t?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('runs the saved batches of a fresh plan and journals each step', async () => {
    expect((await plan()).code).toBe(0);
    const r = await runQuorum(applyArgs());
    expect(r.code, r.stderr).toBe(0);
    expect(batchesRun(parseEvents(r.stdout))).toEqual([1, 2, 3]);
    const saved = JSON.parse(await readFile(path('plan.json'), 'utf8')) as { plan: { plays: { clusters: { batches: { hosts: string[] }[] }[] }[] } };
    const startedHosts = parseEvents(r.stdout).flatMap((e) => (e.type === 'batch_start' ? [e.hosts] : []));
    expect(startedHosts).toEqual(saved.plan.plays[0]!.clusters[0]!.batches.map((b) => b.hosts));
    const entries = await journal(runIdOf(r));
    expect(entries.map((e) => e.type)).toEqual([
      'run_start',
      'batch_started', 'gate_passed',
      'batch_started', 'gate_passed',
      'batch_started', 'gate_passed',
      'cluster_done',
      'run_end',
    ]);
    expect(entries.at(-1)).toMatchObject({ outcome: 'done' });
    expect(await healthyCount()).toBe('3');
    // A completed run has nothing to resume.
    const again = await resume(runIdOf(r));
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/QUORUM_RUN_COMPLETE|nothing left to resume/);
  }, 180_000);

  it('refuses the plan after the playbook was edited, naming the playbook', async () => {
    expect((await plan()).code).toBe(0);
    const original = await readFile(path('restart.yml'), 'utf8');
    await writeFile(path('restart.yml'), `${original}\n# edited after the plan\n`);
    try {
      const r = await runQuorum(applyArgs());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/QUORUM_PLAN_STALE/);
      expect(r.stderr).toMatch(/the playbook changed \(sha256 [0-9a-f]{12} -> [0-9a-f]{12}\)/);
      expect(batchesRun(parseEvents(r.stdout))).toEqual([]);
    } finally {
      await writeFile(path('restart.yml'), original);
    }
  }, 120_000);

  it('runs a plan after the leader was moved by hand (not stale): the leader of then goes last, and apply says how the order moved', async () => {
    expect((await plan()).code).toBe(0);
    const saved = JSON.parse(await readFile(path('plan.json'), 'utf8')) as { plan: { plays: { clusters: { batches: { hosts: string[] }[] }[] }[] } };
    const plannedLast = saved.plan.plays[0]!.clusters[0]!.batches.at(-1)!.hosts[0]!;
    const lines = await statusLines();
    const leader = lines.find((l) => l[4] === 'true')!;
    const follower = lines.find((l) => l[4] === 'false')!;
    await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${leader[0]} move-leader ${follower[1]}`);
    const after = await statusLines();
    const newLeaderUrl = after.find((l) => l[4] === 'true')![0]!;
    const newLeader = `h${/127\.0\.52\.(\d)/.exec(newLeaderUrl)![1]}`;
    const r = await runQuorum(applyArgs());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/QUORUM_PLAN_STALE/);
    expect(r.stderr).toContain(`since the plan: cluster etcd: the leader is ${newLeader} now (${plannedLast} when planned)`);
    const started = parseEvents(r.stdout).flatMap((e) => (e.type === 'batch_start' ? [e.hosts] : []));
    expect(started.at(-1)).toEqual([newLeader]);
    expect(r.stdout).toContain(`the batch order moved: ${newLeader} leads now (the plan took ${plannedLast} last)`);
    expect((await journal(runIdOf(r))).some((e) => e.type === 'batch_order')).toBe(true);
    expect(await healthyCount()).toBe('3');
  }, 120_000);

  it('refuses a second apply, and a quorum run of the rolling play, while the first holds the lock, saying who holds it', async () => {
    expect((await plan('-e', 'batch_sleep=5')).code).toBe(0);
    const first = startQuorum(applyArgs('-e', 'batch_sleep=5'));
    const firstRun = () => /quorum apply: run (\S+)/.exec(first.stderr())?.[1] ?? '';
    await until('the first apply to start a batch', journalHas(firstRun, 'batch_started'));
    const second = await runQuorum(applyArgs('-e', 'batch_sleep=5'));
    expect(second.code).toBe(6);
    expect(second.stderr).toMatch(new RegExp(`QUORUM_LOCKED: cluster etcd is locked by \\S+@\\S+ \\(pid \\d+, run ${firstRun()}, \`quorum apply [^\`]+\`\\) since \\d{4}-\\d{2}-\\d{2}T`));
    expect(second.stderr).toMatch(/its lease expires in \d+ s/);
    // `quorum run` of a rolling play takes the same lock: refused too, with no batch started.
    const run = await runQuorum(['run', path('restart.yml'), '-i', t.lab.inventoryFile, '--json']);
    expect(run.code).toBe(2);
    const runEvents = parseEvents(run.stdout);
    expect(batchesRun(runEvents)).toEqual([]);
    expect(runEvents.some((e) => e.type === 'warning' && e.message.includes(`QUORUM_LOCKED: cluster etcd is locked by`) && e.message.includes(`run ${firstRun()}`))).toBe(true);
    const firstResult = await first.done;
    expect(firstResult.code, firstResult.stderr).toBe(0);
    // Released at the end: the key is gone.
    expect((await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} get /quorum/locks/etcd --print-value-only`)).trim()).toBe('');
  }, 180_000);

  it('stops when the window closes after a batch, and --resume completes the run without redoing that batch', async () => {
    expect((await plan('-e', 'batch_sleep=25')).code).toBe(0);
    // The window ends at the next whole minute; start 20-25 s before it, so that batch 1 starts inside the window
    // and is still running (25 s of sleep) when it closes.
    await until('20-25 s before a whole minute', () => new Date().getSeconds() >= 35 && new Date().getSeconds() < 40, 61_000);
    const now = new Date();
    const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const window = `${hhmm(new Date(now.getTime() - 60_000))}-${hhmm(new Date(now.getTime() + 60_000))}`;
    const r = await runQuorum(applyArgs('-e', 'batch_sleep=25', '--window', window));
    expect(r.code, r.stderr).toBe(7);
    expect(batchesRun(parseEvents(r.stdout))).toEqual([1]);
    const runId = runIdOf(r);
    expect(r.stderr).toContain(`continue with: quorum apply --resume ${runId} --run-dir ${runDir()}`);
    expect((await journal(runId)).at(-1)).toMatchObject({ type: 'run_end', outcome: 'window-closed' });

    const resumed = await resume(runId);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(batchesRun(parseEvents(resumed.stdout))).toEqual([2, 3]);
    const entries = await journal(runId);
    expect(entries.filter((e) => e.type === 'gate_passed').map((e) => e.batch)).toEqual([1, 2, 3]);
    expect(entries.at(-1)).toMatchObject({ type: 'run_end', outcome: 'done' });
    expect(await healthyCount()).toBe('3');
  }, 240_000);

  it('stops after the batch in flight on Ctrl-C, releases the lock at once, and --resume completes the run', async () => {
    expect((await plan('-e', 'batch_sleep=4')).code).toBe(0);
    const interrupted = startQuorum(applyArgs('-e', 'batch_sleep=4'));
    const runId = () => /quorum apply: run (\S+)/.exec(interrupted.stderr())?.[1] ?? '';
    await until('the apply to start a batch', journalHas(runId, 'batch_started'));
    interrupted.child.kill('SIGINT');
    const r = await interrupted.done;
    expect(r.code, r.stderr).toBe(99);
    // The batch in flight finished with its gate; no other started; the cluster is whole.
    expect(batchesRun(parseEvents(r.stdout))).toEqual([1]);
    expect(r.stderr).toMatch(/SIGINT: the batch in flight finishes with its health gate and no new batch starts/);
    expect(r.stderr).toMatch(new RegExp(`cluster etcd: interrupted \\(SIGINT\\): batch 2 of 3 was not started; batch 1 completed with the health gate; the batches done are journaled; continue with: quorum apply --resume ${runId()}`));
    const entries = await journal(runId());
    expect(entries.filter((e) => e.type === 'gate_passed').map((e) => e.batch)).toEqual([1]);
    expect(entries.at(-1)).toMatchObject({ type: 'run_end', outcome: 'interrupted' });
    expect(await healthyCount()).toBe('3');
    // The lock went with the run, not with its lease: the resume takes it at once.
    expect((await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} get /quorum/locks/etcd --print-value-only`)).trim()).toBe('');
    const resumed = await resume(runId());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(batchesRun(parseEvents(resumed.stdout))).toEqual([2, 3]);
    expect((await journal(runId())).at(-1)).toMatchObject({ type: 'run_end', outcome: 'done' });
  }, 240_000);

  it('quorum run of the rolling play: Ctrl-C stops it after the batch in flight and its gate, with exit 99 and the lock released', async () => {
    const running = startQuorum(['run', path('restart.yml'), '-i', t.lab.inventoryFile, '--json', '-e', 'batch_sleep=4']);
    let out = '';
    running.child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await until('the run to start a batch', () => out.includes('"type":"batch_start"'));
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code, r.stderr).toBe(99);
    expect(batchesRun(parseEvents(r.stdout))).toEqual([1]);
    expect(r.stdout).toMatch(/cluster etcd: interrupted \(SIGINT\): batch 2 of 3 was not started; batch 1 completed with the health gate/);
    expect(await healthyCount()).toBe('3');
    expect((await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} get /quorum/locks/etcd --print-value-only`)).trim()).toBe('');
  }, 240_000);

  it("takes a killed run's lock over at once (its process on this machine is gone), then resumes the run", async () => {
    expect((await plan('-e', 'batch_sleep=10')).code).toBe(0);
    const killed = startQuorum(applyArgs('-e', 'batch_sleep=10'));
    const runId = () => /quorum apply: run (\S+)/.exec(killed.stderr())?.[1] ?? '';
    await until('the apply to start a batch', journalHas(runId, 'batch_started'));
    killed.child.kill('SIGKILL');
    await killed.done;
    // Its lock is still there, under a lease that would keep it for up to 30 s more...
    expect((await onLabHost(t.lab, 'h1', `etcdctl --endpoints ${endpoints} get /quorum/locks/etcd --print-value-only`)).trim()).toContain(runId());
    // ...but its holder is provably gone: the resume takes it over at once and says so.
    const started = Date.now();
    const resumed = await resume(runId());
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(new RegExp(`the lock of run ${runId()} will be taken over: pid \\d+ on this machine .* is no longer running`));
    expect(resumed.stdout).toMatch(new RegExp(`took over the lock of run ${runId()}`));
    expect(Date.now() - started).toBeLessThan(120_000);
    // The batch the killed run was inside runs again; the others follow.
    expect(batchesRun(parseEvents(resumed.stdout))).toEqual([1, 2, 3]);
    expect((await journal(runId())).at(-1)).toMatchObject({ type: 'run_end', outcome: 'done' });
    expect(await healthyCount()).toBe('3');
  }, 240_000);
});
