import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdWriter, labEndpointTargets } from '../support/etcd-load.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost } from '../support/run-cli.js';
import { QuorumProcess, RAW_OR_LEAKED, runToEnd, type Ended } from '../support/quorum-process.js';

// Address block 127.0.113 belongs to this file. The controller itself dies in the middle of a scale-out, after
// `member add` and before the promote (SIGKILL, under a write load): a re-run finishes the join with no second
// add, no learner left behind, five started voters, and no wait for the dead run's lock. Then the secrets: after
// the full scale-out and a planned, applied rolling restart with a become password and a no_log secret, none of
// them, and no private key, is in any output, event stream, journal or saved plan.

const block = '127.0.113';
const all = ['h1', 'h2', 'h3', 'h4', 'h5'];

interface Member {
  ID: string;
  name?: string;
  isLearner?: boolean;
  clientURLs?: string[];
}

describe('the bad day: the controller killed mid scale-out; secrets stay secret', () => {
  let t: TestLab;
  const outputs: { what: string; text: string }[] = [];
  const labVars = () => ['-e', `quorum_lab_dir=${t.lab.dir}`, '-e', `quorum_lab_block=${block}`];
  const keep = (what: string, r: Ended) => {
    outputs.push({ what: `${what} (stdout)`, text: r.stdout }, { what: `${what} (stderr)`, text: r.stderr });
    return r;
  };
  const quorum = async (what: string, args: string[], env: Record<string, string> = {}) => keep(what, await runToEnd([...args, ...labVars()], env, 600_000));
  const members = async (): Promise<Member[]> => {
    const out = await onLabHost(
      t.lab,
      'h1',
      `ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://${block}.1:2379 --cacert /etc/etcd/pki/ca.crt --cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key member list -w json`,
    );
    return (JSON.parse(out.replace(/"ID":(\d+)/g, '"ID":"$1"')) as { members: Member[] }).members;
  };

  beforeAll(async () => {
    t = await startTestLab({ hosts: 5, block, etcdArchive: true });
    const r = await quorum('deploy', ['run', 'playbooks/deploy.yml', '-i', 'inventories/lab', '--json']);
    expect(r.code, r.stdout.slice(-3000) + r.stderr).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('killed after member add, before the promote: a re-run finishes the join (one add, no learner left, five voters, no lease wait)', async () => {
    const targets = labEndpointTargets(t.lab, ['h1', 'h2', 'h3'], { pkiDir: join(t.lab.dir, 'pki', 'etcd'), direct: true });
    const writer = EtcdWriter.start(targets.members.map((m) => m.target));
    await writer.warmUp();
    let learnerId: string | undefined;
    let totals;
    try {
      const first = new QuorumProcess(['run', 'playbooks/scale-out.yml', '-i', 'inventories/lab-scaled', '--json', ...labVars()]);
      await first.waitFor((e) => e.type === 'host_result' && e.host === 'h4' && e.task === 'add this host as a learner' && e.status === 'changed', 300_000);
      first.kill('SIGKILL');
      keep('the killed scale-out', await first.ended);
      const listed = await members();
      const learners = listed.filter((m) => m.isLearner);
      expect(learners, JSON.stringify(listed)).toHaveLength(1);
      learnerId = learners[0]!.ID;

      const rerun = await quorum('the scale-out run again', ['run', 'playbooks/scale-out.yml', '-i', 'inventories/lab-scaled', '--json']);
      expect(rerun.code, rerun.stdout.slice(-3000) + rerun.stderr).toBe(0);
      expect(`${rerun.stdout}${rerun.stderr}`).not.toMatch(RAW_OR_LEAKED);
      // The dead run's lock is taken over at once, not waited out (its lease ran for 30 s).
      expect(rerun.stdout).toMatch(/took over the lock of run .* is no longer running/);
      expect(rerun.stdout).not.toContain('QUORUM_LOCKED');
    } finally {
      totals = await writer.stop();
    }
    expect(totals.failures, JSON.stringify(totals.failures.slice(0, 3))).toEqual([]);
    expect((await writer.verifyAllReadable()).missing).toEqual([]);
    expect(totals.longestGapMs, JSON.stringify(totals)).toBeLessThan(2000);
    await writer.close();
    await targets.close();

    const listed = await members();
    expect(listed.map((m) => m.name).sort(), JSON.stringify(listed)).toEqual(all);
    expect(listed.filter((m) => m.isLearner)).toEqual([]);
    expect(listed.every((m) => (m.clientURLs ?? []).length > 0)).toBe(true);
    // No second add: h4 is the member the killed run added.
    expect(listed.find((m) => m.name === 'h4')?.ID).toBe(learnerId);
  }, 900_000);

  it('no private key, no_log value or become password in any output, event stream, journal or saved plan', async () => {
    const secret = 'bad-day-secret-7f3e9a1c5b';
    const password = 'bad-day-become-2d8c4e6f0a';
    const env = { BAD_DAY_SECRET: secret, QUORUM_BECOME_PASSWORD: password };
    const planFile = join(t.lab.dir, 'secrets.plan.json');
    const runDir = join(t.lab.dir, 'secrets-runs');
    const playbook = 'test/fixtures/e2e/restart-with-secret.yml';
    const planned = await quorum('plan -o', ['plan', playbook, '-i', 'inventories/lab-scaled', '-o', planFile], env);
    expect(planned.code, planned.stderr).toBe(0);
    await quorum('plan --json', ['plan', playbook, '-i', 'inventories/lab-scaled', '--json'], env);
    const applied = await quorum('apply --json', ['apply', planFile, '--run-dir', runDir, '--json'], env);
    expect(applied.code, applied.stdout.slice(-3000) + applied.stderr).toBe(0);
    await quorum('run --plain -v', ['run', playbook, '-i', 'inventories/lab-scaled', '--plain', '-vvv', '--limit', 'h1'], env);
    // The task did see the secret: it is on the host.
    expect((await onLabHost(t.lab, 'h2', 'cat /root/bad-day-secret')).trim()).toBe(secret);

    const files = [planFile, ...(await readdir(runDir, { recursive: true })).map((f) => join(runDir, String(f))).filter((f) => f.endsWith('.jsonl'))];
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) outputs.push({ what: file, text: await readFile(file, 'utf8') });

    // Every private key the run had in hand: the lab's SSH key, the CA's, the admin's and each member's.
    const pki = join(t.lab.dir, 'pki', 'etcd');
    const keyFiles = [join(t.lab.dir, 'id_ed25519'), ...(await readdir(pki, { recursive: true })).map((f) => join(pki, String(f))).filter((f) => f.endsWith('.key'))];
    expect(keyFiles.length).toBeGreaterThan(5);
    const needles: { what: string; text: string }[] = [
      { what: 'the no_log secret', text: secret },
      { what: 'the become password', text: password },
    ];
    for (const file of keyFiles) {
      // Each base64 line of the key's body: a key printed whole, or in part, is found.
      for (const line of (await readFile(file, 'utf8')).split('\n').filter((l) => l.length >= 24 && !l.startsWith('-----'))) needles.push({ what: file, text: line });
    }
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) {
      for (const needle of needles) expect(output.text.includes(needle.text), `${needle.what} found in ${output.what}`).toBe(false);
    }
  }, 900_000);
});
