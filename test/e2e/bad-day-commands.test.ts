import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labStatus } from '../../engine/lab/index.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost } from '../support/run-cli.js';
import { RAW_OR_LEAKED, runToEnd, type Ended } from '../support/quorum-process.js';

// Address block 127.0.111 belongs to this file. The bad day's first rule: every command ends, on its own, with its
// answer, whatever state the cluster is in. Each command's refusal and error paths are run as a user would (a
// whole process) against three real members deployed with the shipped playbooks, and each must have exited
// within a few seconds, saying in words what is wrong, with no gRPC text and nothing left open.

const block = '127.0.111';
const inventory = 'inventories/lab';

describe('the bad day: every command ends, and says plainly what is wrong', () => {
  let t: TestLab;
  const labVars = () => ['-e', `quorum_lab_dir=${t.lab.dir}`, '-e', `quorum_lab_block=${block}`];
  const quorum = (args: string[], env: Record<string, string> = {}) => runToEnd([...args, ...labVars()], env);
  const work = () => join(t.lab.dir, 'bad-day');
  const planFile = () => join(work(), 'restart.plan.json');
  const etcdctl = (host: string, args: string) =>
    onLabHost(
      t.lab,
      host,
      `ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://${block}.${host.slice(1)}:2379 --cacert /etc/etcd/pki/ca.crt ` +
        `--cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key --command-timeout 5s ${args} 2>&1 || true`,
    );
  const etcdPid = async (host: string) => (await onLabHost(t.lab, host, 'cat /run/quorum/etcd.pid')).trim();
  /** Ended on its own, within `seconds`, with nothing raw or left open in what it printed. */
  const endedCleanly = (r: Ended, seconds: number) => {
    expect(r.signal, `killed: ${r.stderr.slice(-2000)}`).toBeNull();
    expect(r.elapsedMs, r.stderr.slice(-2000)).toBeLessThan(seconds * 1000);
    expect(`${r.stdout}\n${r.stderr}`).not.toMatch(RAW_OR_LEAKED);
  };

  beforeAll(async () => {
    t = await startTestLab({ hosts: 3, block, etcdArchive: true });
    await mkdir(work(), { recursive: true });
    const r = await quorum(['run', 'playbooks/deploy.yml', '-i', inventory, '--json']);
    expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('plans and saves a plan on a healthy cluster, and ends at once', async () => {
    const r = await quorum(['plan', 'playbooks/rolling-restart.yml', '-i', inventory, '-o', planFile()]);
    expect(r.code, r.stderr).toBe(0);
    endedCleanly(r, 15);
  }, 60_000);

  it('a leader election between plan -o and apply does not make the plan stale: the leader of then goes last, and apply says how the order moved', async () => {
    const plan = JSON.parse(await readFile(planFile(), 'utf8')) as { plan: { plays: { clusters: { batches: { hosts: string[] }[] }[] }[] } };
    const batches = plan.plan.plays[0]!.clusters[0]!.batches.map((b) => b.hosts);
    const plannedLeader = batches.at(-1)![0]!;
    const newLeader = batches[0]![0]!;
    const listed = JSON.parse((await etcdctl('h1', 'member list -w json')).replace(/"ID":(\d+)/g, '"ID":"$1"')) as { members: { ID: string; name: string }[] };
    const hexId = BigInt(listed.members.find((m) => m.name === newLeader)!.ID).toString(16);
    // An election by hand, as a restart or a slow disk would cause one: the planned leader hands over.
    expect(await etcdctl(plannedLeader, `move-leader ${hexId}`)).toMatch(/Leadership transferred/);
    const r = await quorum(['apply', planFile(), '--run-dir', join(work(), 'runs'), '--json']);
    expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
    endedCleanly(r, 120);
    expect(r.stderr).not.toContain('QUORUM_PLAN_STALE');
    expect(r.stderr).toContain(`since the plan: cluster etcd: the leader is ${newLeader} now (${plannedLeader} when planned)`);
    expect(r.stdout).toContain(`the batch order moved: ${newLeader} leads now (the plan took ${plannedLeader} last)`);
    const ran = r.stdout.split('\n').filter((l) => l.startsWith('{"type":"batch_start"')).map((l) => (JSON.parse(l) as { hosts: string[] }).hosts);
    expect(ran.at(-1)).toEqual([newLeader]);
    expect(ran.flat().sort()).toEqual(['h1', 'h2', 'h3']);
  }, 240_000);

  it('apply: a missing, cut short, non-JSON or edited plan file is one line naming the file (exit 5 or 4)', async () => {
    const text = await readFile(planFile(), 'utf8');
    const cut = join(work(), 'cut.json');
    const notJson = join(work(), 'not-json.json');
    const edited = join(work(), 'edited.json');
    await writeFile(cut, text.slice(0, Math.floor(text.length / 2)));
    await writeFile(notJson, 'this is not a plan\n');
    // An operator "fixes" the plan by hand: two members in the first batch.
    await writeFile(edited, text.replace(/"hosts": \[\n(\s+)"(h\d)"\n/, '"hosts": [\n$1"$2",\n$1"h9"\n'));
    expect(await readFile(edited, 'utf8')).not.toBe(text);
    const cases: [string, number, RegExp][] = [
      [join(work(), 'missing.json'), 5, /missing\.json: cannot read the plan file: no such file/],
      [cut, 4, /cut\.json:\d+:\d+: QUORUM_PLAN_FILE_SYNTAX: not valid JSON: the file ends in the middle of the document \(truncated\?\)/],
      [notJson, 4, /not-json\.json:1:1: QUORUM_PLAN_FILE_SYNTAX: not valid JSON/],
      [edited, 4, /edited\.json: QUORUM_PLAN_MODIFIED: the plan file was edited after `quorum plan -o` wrote it/],
    ];
    for (const [file, code, said] of cases) {
      const r = await quorum(['apply', file]);
      expect(r.code, `${file}: ${r.stderr}`).toBe(code);
      expect(r.stderr).toMatch(said);
      // One line, and its hint: never "no playbook given", never a stack.
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('  hint:')), r.stderr).toHaveLength(1);
      endedCleanly(r, 10);
    }
  }, 120_000);

  it('a member that accepts TCP and never answers (SIGSTOP): named as such, and the plan still ends', async () => {
    const pid = await etcdPid('h2');
    await onLabHost(t.lab, 'h2', `kill -STOP ${pid}`);
    try {
      const r = await quorum(['plan', 'playbooks/rolling-restart.yml', '-i', inventory]);
      endedCleanly(r, 15);
      expect(`${r.stdout}${r.stderr}`).toContain(`h2 (no answer within 3 s (it accepts connections on ${block}.2:2379 but never replies`);
    } finally {
      await onLabHost(t.lab, 'h2', `kill -CONT ${pid}`);
    }
  }, 60_000);

  it('a lock held by a live run on another machine is refused at once; one whose local process is gone is taken over', async () => {
    const lease = /lease ([0-9a-f]+) granted/.exec(await etcdctl('h1', 'lease grant 120'))?.[1];
    expect(lease).toBeDefined();
    const elsewhere = { holder: 'sre@another-machine', pid: 4242, run: 'r-elsewhere', command: 'quorum run playbooks/rolling-restart.yml', since: new Date().toISOString() };
    await etcdctl('h1', `put --lease=${lease} /quorum/locks/etcd '${JSON.stringify(elsewhere)}'`);
    const refused = await quorum(['run', 'playbooks/rolling-restart.yml', '-i', inventory, '--json']);
    // `quorum run` ends a refused rollout as a halted one (2); `quorum apply` says 6.
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stdout).toContain('sre@another-machine');
    endedCleanly(refused, 15);

    // The same lock, written by a run of this machine whose process is gone (pid 999999 exists nowhere).
    const gone = { ...elsewhere, holder: `${userInfo().username}@${hostname()}`, pid: 999_999, run: 'r-killed' };
    await etcdctl('h1', `put --lease=${lease} /quorum/locks/etcd '${JSON.stringify(gone)}'`);
    const taken = await quorum(['run', 'playbooks/rolling-restart.yml', '-i', inventory, '--json']);
    expect(taken.code, taken.stdout.slice(-3000) + taken.stderr).toBe(0);
    expect(taken.stdout).toMatch(/took over the lock of run r-killed .*pid 999999 on this machine .* is no longer running/);
    endedCleanly(taken, 120);
    expect(await etcdctl('h1', 'get /quorum/locks/etcd --print-value-only')).toBe('');
  }, 240_000);

  it('quorum lost: plan ends within 10 s with the same count every time and the right advice; run, apply and etcdctl end too', async () => {
    await Promise.all(['h2', 'h3'].map(async (h) => onLabHost(t.lab, h, `kill -KILL ${await etcdPid(h)}`)));
    const counts = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const r = await quorum(['plan', 'playbooks/rolling-restart.yml', '-i', inventory]);
      expect(r.code, r.stderr).toBe(1);
      endedCleanly(r, 10);
      counts.add(/quorum is lost: (\d+ of \d+) voters are down/.exec(r.stderr)?.[1] ?? 'none');
      expect(r.stderr).toContain(`h2: etcd not running (connection refused on ${block}.2:2379)`);
      expect(r.stderr).toContain('quorum run playbooks/start-members.yml -i inventories/lab --limit h2,h3');
      expect(r.stderr).not.toMatch(/restore quorum first/);
    }
    expect([...counts]).toEqual(['2 of 3']);

    const run = await quorum(['run', 'playbooks/rolling-restart.yml', '-i', inventory, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toContain('quorum is lost: 2 of 3 voters are down');
    endedCleanly(run, 15);

    const apply = await quorum(['apply', planFile()]);
    expect(apply.code, apply.stderr).not.toBe(0);
    endedCleanly(apply, 20);

    const ctl = await quorum(['etcdctl', '-i', inventory, '--', 'endpoint', 'status']);
    expect(ctl.code).not.toBe(0);
    endedCleanly(ctl, 20);

    // The advice works: start the stopped members, and the cluster plans again.
    const start = await quorum(['run', 'playbooks/start-members.yml', '-i', inventory, '--limit', 'h2,h3', '--json']);
    expect(start.code, start.stdout.slice(-3000) + start.stderr).toBe(0);
    const again = await quorum(['plan', 'playbooks/rolling-restart.yml', '-i', inventory]);
    expect(again.code, again.stderr).toBe(0);
    endedCleanly(again, 15);
  }, 240_000);

  it('a member whose host is unreachable over SSH: plan and run exit 3, counted as a voter down, in no batch', async () => {
    const status = await labStatus(t.lab.dir);
    const sshd = status.hosts.find((h) => h.name === 'h3')?.sshdPid;
    expect(sshd).toBeGreaterThan(0);
    process.kill(sshd!, 'SIGKILL');
    const plan = await quorum(['plan', 'playbooks/rolling-restart.yml', '-i', inventory]);
    expect(plan.code, plan.stderr).toBe(3);
    endedCleanly(plan, 15);
    expect(plan.stderr).toContain('h3 (host unreachable over SSH (connection refused by');
    expect(plan.stderr).toContain('bring back h3 (unreachable over SSH');
    expect(plan.stderr).not.toMatch(/add it to this play's hosts/);

    const run = await quorum(['run', 'playbooks/rolling-restart.yml', '-i', inventory, '--json']);
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(3);
    endedCleanly(run, 20);
    const results = run.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; host?: string; status?: string; hosts?: string[] });
    expect(results.some((e) => e.type === 'host_result' && e.host === 'h3' && e.status === 'unreachable')).toBe(true);
    expect(results.filter((e) => e.type === 'batch_start').flatMap((e) => e.hosts ?? [])).not.toContain('h3');
  }, 120_000);
});
