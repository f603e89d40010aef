import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { useTestLab } from '../support/lab.js';
import { type LabMember, makeLabPki, startLabEtcd, stopLabEtcd } from '../support/lab-etcd.js';
import { runQuorum } from '../support/run-cli.js';

// Address block 127.0.55 belongs to this file. `quorum etcdctl` against a real TLS etcd cluster on lab hosts
// (h1-h3, group etcd), and a one-member cluster `noloop` on h4 whose certificate lacks IP 127.0.0.1.
describe('quorum etcdctl against a real TLS cluster', () => {
  const lab = useTestLab({ hosts: 4, block: '127.0.55' });
  const inventoryDir = join(tmpdir(), 'quorum-test-etcdctl-inventory');
  const inventory = join(inventoryDir, 'inventory.yml');
  const members: LabMember[] = ['h1', 'h2', 'h3'].map((name, i) => ({ name, address: `127.0.55.${i + 1}` }));
  const noloop: LabMember = { name: 'h4', address: '127.0.55.4' };
  const urls = members.map((m) => `https://${m.address}:2379`);
  const etcdctl = (args: string[], env?: Record<string, string>) => runQuorum(['etcdctl', '-i', inventory, ...args], env ? { env } : {});

  beforeAll(async () => {
    rmSync(inventoryDir, { recursive: true, force: true });
    // The lab's inventory, regrouped: h1-h3 are group etcd, h4 is cluster noloop; the admin certificate paths are
    // the contract's, templated from etcd_pki_dir's default ({{ inventory_dir }}/pki/{{ etcd_cluster_name }}).
    const labInventory = parse(readFileSync(lab().inventoryFile, 'utf8')) as {
      all: { children: { etcd: { hosts: Record<string, null> }; noloop?: unknown } };
    };
    labInventory.all.children.etcd = { hosts: { h1: null, h2: null, h3: null } };
    labInventory.all.children.noloop = { hosts: { h4: null }, vars: { etcd_cluster_name: 'noloop' } };
    mkdirSync(join(inventoryDir, 'group_vars'), { recursive: true });
    writeFileSync(inventory, stringify(labInventory, { nullStr: '' }));
    writeFileSync(
      join(inventoryDir, 'group_vars', 'all.yml'),
      ['quorum_etcd_ca_file: "{{ etcd_pki_dir }}/ca.crt"', 'quorum_etcd_cert_file: "{{ etcd_pki_dir }}/admin.crt"', 'quorum_etcd_key_file: "{{ etcd_pki_dir }}/admin.key"', ''].join('\n'),
    );
    const pki = makeLabPki(join(inventoryDir, 'pki', 'etcd'), members);
    const noloopPki = makeLabPki(join(inventoryDir, 'pki', 'noloop'), [noloop], { loopbackSan: false });
    await Promise.all([startLabEtcd(lab(), members, { pki }), startLabEtcd(lab(), [noloop], { pki: noloopPki })]);
  }, 120_000);

  afterAll(() => rmSync(inventoryDir, { recursive: true, force: true }));

  it('runs etcdctl on the controller through SSH tunnels, and shows the members\' own URLs', async () => {
    const r = await etcdctl(['--', 'endpoint', 'health']);
    expect(r.code, r.stderr).toBe(0);
    const text = r.stdout + r.stderr;
    for (const url of urls) expect(text).toContain(`${url} is healthy`);
    expect(text).not.toContain('127.0.0.1');
  }, 30_000);

  it('writes and reads back a key, with etcdctl\'s own output', async () => {
    expect((await etcdctl(['--', 'put', 'quorum-test', 'through-a-tunnel'])).stdout).toBe('OK\n');
    const r = await etcdctl(['--', 'get', 'quorum-test', '--print-value-only']);
    expect(r).toMatchObject({ code: 0, stdout: 'through-a-tunnel\n' });
  }, 30_000);

  it('dials the members directly with quorum_etcd_direct', async () => {
    const r = await etcdctl(['-e', 'quorum_etcd_direct=true', '--', 'endpoint', 'status', '-w', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { Endpoint: string }[]).map((s) => s.Endpoint)).toEqual(urls);
  }, 30_000);

  it.each([
    { label: 'a named member', place: ['--on-host', 'h2'] },
    { label: 'the first healthy member', place: ['--on-host'] },
  ])('runs etcdctl on $label over SSH with the host\'s /etc/etcd/pki', async ({ place }) => {
    const r = await etcdctl([...place, '--', 'get', 'quorum-test', '--print-value-only']);
    expect(r).toMatchObject({ code: 0, stdout: 'through-a-tunnel\n' });
  }, 30_000);

  it('runs on a member when etcdctl is not on the controller\'s PATH', async () => {
    const r = await etcdctl(['--', 'get', 'quorum-test', '--print-value-only'], { PATH: join(inventoryDir, 'no-such-dir') });
    expect(r).toMatchObject({ code: 0, stdout: 'through-a-tunnel\n' });
    expect(r.stderr).toContain('not on this machine\'s PATH');
  }, 30_000);

  it('prints the four variables for the controller\'s shell, and etcdctl works with them', async () => {
    const r = await etcdctl(['--print-env']);
    const pki = join(inventoryDir, 'pki', 'etcd');
    expect(r.stdout).toBe(
      [
        'export ETCDCTL_API=3',
        `export ETCDCTL_ENDPOINTS=${urls.join(',')}`,
        `export ETCDCTL_CACERT=${pki}/ca.crt`,
        `export ETCDCTL_CERT=${pki}/admin.crt`,
        `export ETCDCTL_KEY=${pki}/admin.key`,
        '',
      ].join('\n'),
    );
    const { stdout } = await promisify(execFile)('sh', ['-c', `${r.stdout}\netcdctl get quorum-test --print-value-only`]);
    expect(stdout).toBe('through-a-tunnel\n');
  }, 30_000);

  it('refuses when ETCDCTL_ENDPOINTS is already set, and says how to fix it', async () => {
    const r = await etcdctl(['--', 'member', 'list'], { ETCDCTL_ENDPOINTS: urls[0]! });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^ETCDCTL_ENDPOINTS is set in this shell, and quorum etcdctl passes --endpoints: etcdctl refuses to run with both\n  hint: unset ETCDCTL_ENDPOINTS/);
  }, 30_000);

  it('says plainly when a member certificate does not name 127.0.0.1', async () => {
    const r = await etcdctl(['--cluster', 'noloop', '--', '--dial-timeout=2s', '--command-timeout=3s', 'endpoint', 'health']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('quorum etcdctl: h4: its server certificate is not valid for 127.0.0.1');
    expect(r.stderr).toContain('quorum_etcd_direct: true');
  }, 30_000);

  it('passes etcdctl\'s exit code through when a member is down', async () => {
    await stopLabEtcd(lab(), 'h3');
    try {
      const r = await etcdctl(['--', '--dial-timeout=1s', '--command-timeout=2s', 'endpoint', 'health']);
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain(`${urls[2]} is unhealthy`);
      const onHost = await etcdctl(['--on-host', '--', 'get', 'quorum-test', '--print-value-only']);
      expect(onHost).toMatchObject({ code: 0, stdout: 'through-a-tunnel\n' });
    } finally {
      // Its data dir holds the member already, so the one-member initial cluster given here is ignored.
      await startLabEtcd(lab(), [members[2]!], { pki: join(inventoryDir, 'pki', 'etcd') });
    }
  }, 60_000);

  it('names the variable and the path when the admin certificate is not on the controller', async () => {
    const r = await etcdctl(['-e', `etcd_pki_dir=${join(inventoryDir, 'no-pki')}`, '--', 'member', 'list']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `host h1: quorum_etcd_ca_file is ${join(inventoryDir, 'no-pki')}/ca.crt, which does not exist on the controller\n` +
        '  hint: run the deploy playbook (its etcd_certs role writes the cluster PKI there), or point the variable at the file\n',
    );
  }, 30_000);

  it.each([
    { args: ['--cluster', 'nosuch', '--', 'member', 'list'], message: /^--cluster nosuch: no host of the inventory has etcd_cluster_name nosuch\n  hint: the inventory's clusters are: etcd, noloop/ },
    { args: ['--', 'member', 'list', '--endpoints', 'http://x:2379'], message: /^quorum etcdctl sets --endpoints from the inventory/ },
    { args: ['--print-env', '--', 'member', 'list'], message: /^--print-env prints the environment and runs nothing/ },
    { args: [], message: /^no etcdctl arguments given\n  hint: put them after --/ },
    { args: ['--on-host', 'h4', '--', 'member', 'list'], message: /^--on-host h4: not a member of cluster etcd/ },
    { args: ['--limit', 'h4', '--', 'member', 'list'], message: /^--limit h4 leaves none of the cluster's members/ },
    { args: ['-e', 'quorum_etcd_key_file=', '--', 'member', 'list'], message: /^host h1: quorum_etcd_ca_file, quorum_etcd_cert_file are set but quorum_etcd_key_file is not\n  hint: set all three/ },
  ])('refuses $args with exit 5 and a one-line reason', async ({ args, message }) => {
    const r = await etcdctl(args);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(message);
  }, 30_000);
});
