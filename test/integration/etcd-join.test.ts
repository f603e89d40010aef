import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMemberAddText } from '../../engine/modules/etcd-member/membership-json.js';
import { repoRoot } from '../../engine/paths.js';
import { startTestLab, type TestLab } from '../support/lab.js';
import { onLabHost, parseEvents, recapOf, runQuorum } from '../support/run-cli.js';

// Address block 127.0.47 belongs to this file (its two suites run one after the other, each on a lab of its own).
// The etcd_join role end to end:
// - over plain HTTP, with test/fixtures/etcd-join/roles/etcd_config standing in for etcd_config (same
//   variables, files and start): h1-h3 are a cluster; h4 is new; h5 once ran a cluster of its own and still
//   runs it (through the etcd unit) on its data dir. serial: 1 over group etcd joins h4, then h5, whose etcd
//   is stopped and whose stale dir is moved aside, not deleted; h1-h3 change nothing.
// - over TLS with the shipped roles and playbooks (deploy.yml on inventories/lab, then scale-out.yml on
//   inventories/lab-scaled), h5's data dir holding the member of an earlier cluster.

const block = '127.0.47';
const fixtures = join(repoRoot, 'test', 'fixtures', 'etcd-join');
const endpoints = [1, 2, 3].map((n) => `http://${block}.${n}:2379`).join(',');

describe('etcd_join over plain HTTP on a real etcd 3.4 cluster', () => {
  let t: TestLab;
  const run = (playbook: string, ...extra: string[]) =>
    runQuorum(['run', join(fixtures, playbook), '-i', t.lab.inventoryFile, '--json', ...extra], { timeoutMs: 300_000 });
  const pidOf = async (host: string) => (await onLabHost(t.lab, host, 'cat /run/quorum/etcd.pid')).trim();
  const failures = (stdout: string) =>
    parseEvents(stdout)
      .filter((e) => e.type === 'host_result' && e.status === 'failed')
      .map((e) => JSON.stringify(e));

  beforeAll(async () => {
    t = await startTestLab({ hosts: 5, block });
    const boot = await run('bootstrap.yml');
    expect(boot.code, boot.stdout.slice(-3000) + boot.stderr).toBe(0);
    const stale = await run('stale.yml');
    expect(stale.code, stale.stdout.slice(-3000) + stale.stderr).toBe(0);
  }, 240_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('in check mode predicts the joins and the move, and changes nothing', async () => {
    const r = await run('join.yml', '--check');
    expect(r.code, failures(r.stdout).join('\n') + r.stderr).toBe(0);
    expect(r.stdout).toContain('would be moved aside to /var/lib/etcd.moved-aside-');
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of ['h1', 'h2', 'h3']) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
    for (const host of ['h4', 'h5']) expect(recap.get(host)?.changed).toBeGreaterThan(0);
    const listed = await onLabHost(t.lab, 'h1', `ETCDCTL_API=3 etcdctl --endpoints ${endpoints} member list`);
    expect(listed.trim().split('\n')).toHaveLength(3);
    expect((await onLabHost(t.lab, 'h5', 'ls -d /var/lib/etcd.moved-aside-* 2>/dev/null || echo none')).trim()).toBe('none');
  }, 300_000);

  it('refuses to move a stale data dir that a process outside the etcd service still uses, naming it, and moves nothing', async () => {
    // A stand-in for an etcd started by hand: a process holding a file of the data dir open.
    await onLabHost(t.lab, 'h5', 'nohup sh -c "exec 3</var/lib/etcd/member/snap/db; exec sleep 600" </dev/null >/dev/null 2>&1 & echo $! > /tmp/holder.pid');
    const holder = (await onLabHost(t.lab, 'h5', 'cat /tmp/holder.pid')).trim();
    try {
      const r = await run('join.yml', '--limit', 'h5');
      expect(r.code).toBe(2);
      expect(failures(r.stdout).join('\n')).toMatch(new RegExp(`these processes still use it: ${holder} \\(sleep 600 \\)\\. .*Nothing was moved`));
      expect((await onLabHost(t.lab, 'h5', 'ls -d /var/lib/etcd.moved-aside-* 2>/dev/null || echo none')).trim()).toBe('none');
      expect((await onLabHost(t.lab, 'h5', 'test -d /var/lib/etcd/member && echo kept')).trim()).toBe('kept');
    } finally {
      await onLabHost(t.lab, 'h5', `kill ${holder}`);
    }
  }, 300_000);

  it('joins h4 (reusing the entry of an earlier join that died), then h5 after moving its stale data dir aside; h1-h3 are neither changed nor restarted', async () => {
    const before = await Promise.all(['h1', 'h2', 'h3'].map(pidOf));
    // An earlier join of h4 that died after its `member add`: the entry is there, never started.
    const added = parseMemberAddText(
      await onLabHost(
        t.lab,
        'h1',
        `for i in $(seq 60); do out=$(ETCDCTL_API=3 etcdctl --endpoints ${endpoints} member add h4 --peer-urls=http://${block}.4:2380 --learner 2>&1) && break; sleep 0.5; done; echo "$out"`,
      ),
    );
    expect(added).toBeDefined();
    const r = await run('join.yml');
    expect(r.code, failures(r.stdout).join('\n') + r.stderr).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of ['h1', 'h2', 'h3']) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
    for (const host of ['h4', 'h5']) expect(recap.get(host)?.changed).toBeGreaterThan(0);
    expect(await Promise.all(['h1', 'h2', 'h3'].map(pidOf))).toEqual(before);

    const members = JSON.parse(await onLabHost(t.lab, 'h1', `ETCDCTL_API=3 etcdctl --endpoints ${endpoints} member list -w json | sed 's/"ID":[0-9]*/"ID":0/g'`)) as {
      members: { name?: string; isLearner?: boolean; clientURLs?: string[] }[];
    };
    expect(members.members.map((m) => [m.name, m.isLearner ?? false, (m.clientURLs ?? []).length > 0]).sort()).toEqual(
      ['h1', 'h2', 'h3', 'h4', 'h5'].map((name) => [name, false, true]),
    );
    const h4 = await onLabHost(t.lab, 'h1', `ETCDCTL_API=3 etcdctl --endpoints ${endpoints} member list | grep ', h4, '`);
    expect(h4.split(',')[0]).toBe(BigInt(added!.memberId).toString(16));

    // The stale dir still exists under its new name, with the other cluster's member in it, and the run said where.
    const moved = (await onLabHost(t.lab, 'h5', 'ls -d /var/lib/etcd.moved-aside-*')).trim();
    expect(moved).toMatch(/^\/var\/lib\/etcd\.moved-aside-\d{8}T\d{6}Z$/);
    expect((await onLabHost(t.lab, 'h5', `test -d ${moved}/member/wal && echo kept`)).trim()).toBe('kept');
    expect(r.stdout).toContain(`moved aside to ${moved}`);
    expect((await onLabHost(t.lab, 'h5', 'stat -c "%a %U" /var/lib/etcd')).trim()).toBe('700 etcd');
  }, 300_000);

  it('a second run changes nothing on any host', async () => {
    const r = await run('join.yml');
    expect(r.code, failures(r.stdout).join('\n') + r.stderr).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of ['h1', 'h2', 'h3', 'h4', 'h5']) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
  }, 300_000);
});

describe('etcd_join over TLS with the shipped roles: scale-out to 5 where h5 holds a stale member', () => {
  let t: TestLab;
  const labVars = () => ['-e', `quorum_lab_dir=${t.lab.dir}`, '-e', `quorum_lab_block=${block}`];
  const quorum = (args: string[]) => runQuorum([...args, ...labVars()], { timeoutMs: 600_000 });
  const pidOf = async (host: string) => (await onLabHost(t.lab, host, 'cat /run/quorum/etcd.pid')).trim();
  const failures = (stdout: string) =>
    parseEvents(stdout)
      .filter((e) => e.type === 'host_result' && e.status === 'failed')
      .map((e) => JSON.stringify(e));
  const tlsEndpoints = [1, 2, 3].map((n) => `https://${block}.${n}:2379`).join(',');

  beforeAll(async () => {
    t = await startTestLab({ hosts: 5, block, etcdArchive: true });
    const deploy = await quorum(['run', 'playbooks/deploy.yml', '-i', 'inventories/lab', '--json']);
    expect(deploy.code, failures(deploy.stdout).join('\n') + deploy.stderr).toBe(0);
    // h5 once ran a cluster of its own in /var/lib/etcd (Debian's etcd, plain HTTP, then stopped).
    await onLabHost(
      t.lab,
      'h5',
      [
        `a=${block}.5`,
        'mkdir -p /var/lib/etcd',
        'etcd --name h5 --data-dir /var/lib/etcd --listen-client-urls http://$a:2379 --advertise-client-urls http://$a:2379 ' +
          '--listen-peer-urls http://$a:2380 --initial-advertise-peer-urls http://$a:2380 --initial-cluster h5=http://$a:2380 ' +
          '>/var/log/earlier-etcd.log 2>&1 &',
        'p=$!',
        'for i in $(seq 100); do ETCDCTL_API=3 etcdctl --endpoints http://$a:2379 endpoint health >/dev/null 2>&1 && break; sleep 0.2; done',
        'kill $p; wait $p; test -d /var/lib/etcd/member/wal',
      ].join('\n'),
    );
  }, 600_000);

  afterAll(async () => {
    await t?.stop();
  });

  it('joins h4 and h5 as started voters, moving h5\'s stale data dir aside; h1-h3 are not restarted', async () => {
    const before = await Promise.all(['h1', 'h2', 'h3'].map(pidOf));
    const r = await quorum(['run', 'playbooks/scale-out.yml', '-i', 'inventories/lab-scaled', '--json']);
    expect(r.code, failures(r.stdout).join('\n') + r.stderr).toBe(0);
    expect(await Promise.all(['h1', 'h2', 'h3'].map(pidOf))).toEqual(before);

    const out = await onLabHost(
      t.lab,
      'h1',
      `ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints ${tlsEndpoints} --cacert /etc/etcd/pki/ca.crt --cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key member list -w json`,
    );
    const members = (JSON.parse(out.replace(/"ID":(\d+)/g, '"ID":"$1"')) as { members: { name?: string; isLearner?: boolean; clientURLs?: string[] }[] }).members;
    expect(members.map((m) => [m.name, m.isLearner ?? false, (m.clientURLs ?? []).length > 0]).sort()).toEqual(
      ['h1', 'h2', 'h3', 'h4', 'h5'].map((name) => [name, false, true]),
    );

    const moved = (await onLabHost(t.lab, 'h5', 'ls -d /var/lib/etcd.moved-aside-*')).trim();
    expect(moved).toMatch(/^\/var\/lib\/etcd\.moved-aside-\d{8}T\d{6}Z$/);
    expect((await onLabHost(t.lab, 'h5', `test -d ${moved}/member/wal && echo kept`)).trim()).toBe('kept');
    expect(r.stdout).toContain(`moved aside to ${moved}`);
    expect((await onLabHost(t.lab, 'h4', 'ls -d /var/lib/etcd.moved-aside-* 2>/dev/null || echo none')).trim()).toBe('none');
  }, 600_000);

  it('a second scale-out changes nothing on any host', async () => {
    const r = await quorum(['run', 'playbooks/scale-out.yml', '-i', 'inventories/lab-scaled', '--json']);
    expect(r.code, failures(r.stdout).join('\n') + r.stderr).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of ['h1', 'h2', 'h3', 'h4', 'h5']) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
  }, 600_000);
});
