import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost, parseEvents, runQuorum } from '../support/run-cli.js';

// Address block 127.0.72 belongs to this file. The faults SREs have lost clusters to, on real etcd on five lab
// hosts: a new member whose data dir holds a member of another cluster (moved aside, never deleted, and the
// join goes on), and a member that dies in the middle of a rolling restart (the gate stops the run with quorum
// kept and says where; once the member is back, `quorum apply --resume` completes the run).

const block = '127.0.72';
const all = ['h1', 'h2', 'h3', 'h4', 'h5'];

describe('etcd faults on lab hosts: a stale data dir on a joining host, a member killed mid-restart', () => {
  let t: TestLab;
  const labVars = () => ['-e', `quorum_lab_dir=${t.lab.dir}`, '-e', `quorum_lab_block=${block}`];
  const quorum = (args: string[], env: Record<string, string> = {}) => runQuorum([...args, ...labVars()], { timeoutMs: 600_000, env });
  const work = () => join(t.lab.dir, 'e2e-work');
  const etcdctl = (host: string, args: string) =>
    onLabHost(
      t.lab,
      host,
      `ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://${block}.${host.slice(1)}:2379 --cacert /etc/etcd/pki/ca.crt ` +
        `--cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key --command-timeout 5s ${args} 2>&1 || true`,
    );
  const healthy = async (hosts: readonly string[]) => {
    const answers = await Promise.all(hosts.map((h) => etcdctl(h, 'endpoint health')));
    return hosts.filter((_, i) => answers[i]!.includes('is healthy'));
  };

  beforeAll(async () => {
    t = await startTestLab({ hosts: 5, block, etcdArchive: true });
    const r = await quorum(['run', 'playbooks/deploy.yml', '-i', 'inventories/lab', '--json']);
    expect(r.code, r.stdout.slice(-4000) + r.stderr).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('moves a stale data dir aside on a joining host (nothing deleted) and joins it', async () => {
    const script = await readFile(join(repoRoot, 'test/fixtures/e2e/stale-member.sh'), 'utf8');
    await onLabHost(t.lab, 'h4', `set -- h4 ${block}.4\n${script}`);

    const r = await quorum(['run', 'playbooks/scale-out.yml', '-i', 'inventories/lab-scaled', '--json']);
    expect(r.code, r.stdout.slice(-4000) + r.stderr).toBe(0);

    const moved = (await onLabHost(t.lab, 'h4', 'ls -d /var/lib/etcd.moved-aside-* && ls /var/lib/etcd.moved-aside-*/member')).trim().split('\n');
    expect(moved[0]).toMatch(/^\/var\/lib\/etcd\.moved-aside-\d{8}T\d{6}Z$/);
    expect(moved).toContain('wal');
    // The run said where it put the old data.
    const said = parseEvents(r.stdout).some((e) => e.type === 'host_result' && e.host === 'h4' && JSON.stringify(e).includes(moved[0]!));
    expect(said).toBe(true);

    const list = JSON.parse((await etcdctl('h1', 'member list -w json')).replace(/"ID":(\d+)/g, '"ID":"$1"')) as { members: { name: string; isLearner?: boolean }[] };
    expect(list.members.map((m) => m.name).sort()).toEqual(all);
    expect(list.members.filter((m) => m.isLearner)).toEqual([]);
    expect(await etcdctl('h4', 'get stale-key')).not.toContain('from-another-cluster');
  }, 900_000);

  it('stops at the gate when a member dies mid-restart, keeps quorum, and resumes to the end once it is back', async () => {
    const planFile = join(work(), 'restart.plan.json');
    const runDir = join(work(), 'runs');
    const playbook = 'test/fixtures/e2e/restart-with-crash.yml';
    const planned = await quorum(['plan', playbook, '-i', 'inventories/lab-scaled', '-o', planFile, '--json']);
    expect(planned.code, planned.stdout.slice(-3000) + planned.stderr).toBe(0);
    const batches = (JSON.parse(planned.stdout) as { plays: { clusters: { batches: { hosts: string[] }[] }[] }[] }).plays[0]!.clusters[0]!.batches;
    expect(batches.length).toBeGreaterThanOrEqual(3);
    const victim = batches[0]!.hosts[0]!;

    // The plan file alone: it recorded the playbook, the inventory and the extra vars it was made from.
    const applied = await quorum(['apply', planFile, '--run-dir', runDir, '--json'], { QUORUM_TEST_CRASH: victim });
    expect(applied.code, applied.stdout.slice(-3000) + applied.stderr).not.toBe(0);
    const runId = /quorum apply: run (\S+)/.exec(applied.stderr)?.[1];
    expect(runId, applied.stderr).toBeDefined();
    const events = parseEvents(applied.stdout);
    expect(events.filter((e) => e.type === 'batch_start')).toHaveLength(1);
    const stop = events.find((e) => e.type === 'gate' && e.status === 'failed');
    expect(stop && stop.type === 'gate' ? stop.detail : '').toMatch(new RegExp(`${victim}.*stopped after batch 1 of ${batches.length}`, 's'));
    // Quorum kept: every member but the dead one answers.
    expect((await healthy(all)).sort()).toEqual(all.filter((h) => h !== victim));

    const back = await quorum(['run', 'test/fixtures/e2e/start-member.yml', '-i', 'inventories/lab-scaled', '--limit', victim, '--json']);
    expect(back.code, back.stderr).toBe(0);
    const resumed = await runQuorum(['apply', '--resume', runId!, '--run-dir', runDir, '--json'], { timeoutMs: 600_000 });
    expect(resumed.code, resumed.stdout.slice(-3000) + resumed.stderr).toBe(0);
    const rest = parseEvents(resumed.stdout).flatMap((e) => (e.type === 'batch_start' ? e.hosts : []));
    // Every batch after the one that stopped runs now (the stopped batch's gate never passed, so it may run again).
    for (const host of batches.slice(1).flatMap((b) => b.hosts)) expect(rest).toContain(host);
    expect((await healthy(all)).sort()).toEqual(all);
  }, 900_000);
});
