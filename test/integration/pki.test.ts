import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../engine/connect/local.js';
import { etcd_pki } from '../../engine/modules/etcd_pki.js';
import { runModule } from '../../engine/modules/run.js';
import type { JsonObject, ModuleContext, ModuleResult } from '../../engine/modules/types.js';
import { issueLeaf } from '../../engine/pki/issue.js';
import { makeTestPki } from '../support/etcd.js';

// etcd_pki for real: the module through the generic runner on the local connection (as the role runs it,
// delegated to localhost) into a temp dir; the result checked with openssl, and accepted by a real etcd 3.4
// with client-cert auth. Address block 127.0.43 (test/support/lab.ts): etcd listens on 127.0.43.1.

const run = promisify(execFile);
const etcdAddress = '127.0.43.1';

interface Member {
  name: string;
  addresses: string[];
  dns_names: string[];
}

function member(index: number): Member {
  return { name: `etcd-${index}`, addresses: [`127.0.43.${index}`, '127.0.0.1'], dns_names: [`etcd-${index}`, 'localhost'] };
}

function context(options: { check?: boolean; diff?: boolean; onController?: boolean; now?: Date } = {}): ModuleContext {
  return {
    check: options.check ?? false,
    diff: options.diff ?? false,
    inventoryHostname: 'etcd-1',
    hostFacts: {},
    fileSearchDirs: [],
    templateSearchDirs: [],
    renderTemplate: async () => '',
    readControllerFile: (path) => readFile(path),
    evaluate: () => undefined,
    evaluateCondition: () => true,
    verbosity: 0,
    now: () => options.now ?? new Date(),
    onController: options.onController ?? true,
  };
}

function pki(dir: string, members: Member[], extra: JsonObject = {}, options: Parameters<typeof context>[0] = {}): Promise<ModuleResult> {
  return runModule(etcd_pki, { dir, cluster: 'lab', members: members as unknown as JsonObject[], ...extra }, new LocalConnection(), context(options));
}

/** Every file under `dir` with its mode and content hash, for "nothing else changed" checks. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(dir, full), `${(statSync(full).mode & 0o777).toString(8)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`);
    }
  };
  walk(dir);
  return files;
}

function issuedFiles(result: ModuleResult): string[] {
  return (result.values['issued'] as { file: string }[]).map((i) => i.file).sort();
}

async function openssl(args: string[]): Promise<string> {
  return (await run('openssl', args)).stdout;
}

/** The SANs openssl prints for a certificate, as a sorted list ('DNS:etcd-1', 'IP Address:127.0.0.1'). */
async function opensslSans(cert: string): Promise<string[]> {
  const text = await openssl(['x509', '-in', cert, '-noout', '-text']);
  const line = /X509v3 Subject Alternative Name:\s*\n\s*(.*)\n/.exec(text)?.[1] ?? '';
  return line.split(',').map((s) => s.trim()).filter(Boolean).sort();
}

const root = mkdtempSync(join(tmpdir(), 'quorum-pki-test-'));
const dir = join(root, 'pki', 'lab');
const three = [member(1), member(2), member(3)];
const leafFiles = (members: Member[]) => [
  ...members.flatMap((m) => [`members/${m.name}/server.crt`, `members/${m.name}/peer.crt`]),
  'admin.crt',
  'kube-apiserver-etcd-client.crt',
];

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('etcd_pki on the controller', () => {
  it('in check mode predicts every certificate and writes nothing', async () => {
    const result = await pki(dir, three, {}, { check: true, diff: true });
    expect(result.failed).toBeFalsy();
    expect(result.changed).toBe(true);
    expect(issuedFiles(result)).toEqual(['ca.crt', ...leafFiles(three)].sort());
    expect(existsSync(join(root, 'pki'))).toBe(false);
    expect(result.diff?.after).toContain('members/etcd-2/peer.crt: issue (missing): CN=etcd-2');
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('issues the CA and every certificate, with the contract modes', async () => {
    const result = await pki(dir, three);
    expect(result.failed).toBeFalsy();
    expect(result.changed).toBe(true);
    expect(result.values['ca_file']).toBe(join(dir, 'ca.crt'));
    expect(issuedFiles(result)).toEqual(['ca.crt', ...leafFiles(three)].sort());
    const modes = [...snapshot(dir)].map(([file, line]) => `${file} ${line.split(' ')[0]}`).sort();
    expect(modes).toEqual(
      ['ca', 'admin', 'kube-apiserver-etcd-client', ...three.flatMap((m) => [`members/${m.name}/server`, `members/${m.name}/peer`])]
        .flatMap((base) => [`${base}.crt 644`, `${base}.key 600`])
        .sort(),
    );
    for (const d of ['', 'members', 'members/etcd-1', 'members/etcd-3']) expect((statSync(join(dir, d)).mode & 0o777).toString(8)).toBe('700');
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('gives certificates that openssl verifies against the CA, with exactly the wanted SANs and usages', async () => {
    const ca = join(dir, 'ca.crt');
    const caText = await openssl(['x509', '-in', ca, '-noout', '-text']);
    expect(caText).toContain('CA:TRUE');
    expect(caText).toContain('Certificate Sign');
    expect(caText).toContain('Subject: CN = etcd-ca-lab');
    for (const file of leafFiles(three)) {
      expect(await openssl(['verify', '-CAfile', ca, join(dir, file)])).toContain(': OK');
    }
    for (const m of three) {
      for (const kind of ['server', 'peer']) {
        const cert = join(dir, 'members', m.name, `${kind}.crt`);
        expect(await opensslSans(cert)).toEqual([`DNS:${m.name}`, 'DNS:localhost', 'IP Address:127.0.0.1', `IP Address:${m.addresses[0]}`].sort());
        const text = await openssl(['x509', '-in', cert, '-noout', '-text']);
        expect(text).toContain('TLS Web Server Authentication, TLS Web Client Authentication');
        expect(text).toContain('ASN1 OID: prime256v1');
        expect(text).toContain(`Subject: CN = ${m.name}`);
      }
    }
    const admin = await openssl(['x509', '-in', join(dir, 'admin.crt'), '-noout', '-text']);
    expect(admin).toContain('TLS Web Client Authentication');
    expect(admin).not.toContain('TLS Web Server Authentication');
    expect(admin).not.toContain('Subject Alternative Name');
  });

  it('changes nothing when run again', async () => {
    const before = snapshot(dir);
    const result = await pki(dir, three);
    expect(result).toMatchObject({ changed: false, values: { issued: [] } });
    expect((result.values['kept'] as string[]).sort()).toEqual(['ca.crt', ...leafFiles(three)].sort());
    expect(result.msg).toBe('kept all 9 certificates');
    expect(snapshot(dir)).toEqual(before);
  });

  it('issues only the new member certificates when a member is added, and shows why in the diff', async () => {
    const before = snapshot(dir);
    const result = await pki(dir, [...three, member(4)], {}, { diff: true });
    expect(result.changed).toBe(true);
    expect(result.values['issued']).toEqual([
      { file: 'members/etcd-4/server.crt', reason: 'missing' },
      { file: 'members/etcd-4/peer.crt', reason: 'missing' },
    ]);
    const after = snapshot(dir);
    for (const [file, line] of before) expect(after.get(file)).toBe(line);
    expect([...after.keys()].filter((f) => !before.has(f)).sort()).toEqual(
      ['members/etcd-4/peer.crt', 'members/etcd-4/peer.key', 'members/etcd-4/server.crt', 'members/etcd-4/server.key'],
    );
    expect(result.diff?.before).toBe('members/etcd-4/server.crt: absent\nmembers/etcd-4/peer.crt: absent\n');
    expect(result.diff?.after).toContain('members/etcd-4/server.crt: issue (missing): CN=etcd-4, DNS:etcd-4, DNS:localhost, IP:127.0.0.1, IP:127.0.43.4, until ');
    expect(result.diff?.after).toContain('members/etcd-4/: directory, mode 0700');
    expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
  });

  it('reissues a certificate that expires within renew_days, and only that one', async () => {
    const ca = { certPem: readFileSync(join(dir, 'ca.crt'), 'utf8'), keyPem: readFileSync(join(dir, 'ca.key'), 'utf8') };
    const now = new Date();
    const soon = await issueLeaf(
      { commonName: 'etcd-2', purpose: 'server-and-client', sans: [{ kind: 'dns', value: 'etcd-2' }, { kind: 'dns', value: 'localhost' }, { kind: 'ip', value: '127.0.0.1' }, { kind: 'ip', value: '127.0.43.2' }] },
      ca,
      { keyType: 'ecdsa', now, notAfter: new Date(now.getTime() + 10.5 * 86_400_000) },
    );
    writeFileSync(join(dir, 'members/etcd-2/server.crt'), soon.certPem, { mode: 0o644 });
    writeFileSync(join(dir, 'members/etcd-2/server.key'), soon.keyPem, { mode: 0o600 });
    const four = [...three, member(4)];
    const result = await pki(dir, four);
    expect(result.values['issued']).toEqual([{ file: 'members/etcd-2/server.crt', reason: 'expiring in 10 days' }]);
    const days = await openssl(['x509', '-in', join(dir, 'members/etcd-2/server.crt'), '-noout', '-checkend', String(800 * 86_400)]);
    expect(days).toContain('will not expire');
    expect((await pki(dir, four)).changed).toBe(false);
  });

  it('reissues a member whose SANs change, naming what was added and removed', async () => {
    const moved = { ...member(3), addresses: ['127.0.43.13', '127.0.0.1'] };
    const result = await pki(dir, [member(1), member(2), moved, member(4)]);
    expect(result.values['issued']).toEqual([
      { file: 'members/etcd-3/server.crt', reason: 'SANs differ: +IP:127.0.43.13 -IP:127.0.43.3' },
      { file: 'members/etcd-3/peer.crt', reason: 'SANs differ: +IP:127.0.43.13 -IP:127.0.43.3' },
    ]);
    expect(await opensslSans(join(dir, 'members/etcd-3/peer.crt'))).toEqual(['DNS:etcd-3', 'DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:127.0.43.13']);
    // Back to the first address for the etcd test below.
    expect(issuedFiles(await pki(dir, [...three, member(4)]))).toEqual(['members/etcd-3/peer.crt', 'members/etcd-3/server.crt']);
  });

  it('switches the leaves to RSA keys (key_type: rsa) and keeps the CA', async () => {
    // One member and one client: RSA keys take a while to generate on a busy machine.
    const copy = join(root, 'rsa');
    cpSync(dir, copy, { recursive: true });
    const caBefore = readFileSync(join(copy, 'ca.crt'), 'utf8');
    const one = { clients: ['admin'], key_type: 'rsa' };
    const result = await pki(copy, [member(1)], one);
    expect(issuedFiles(result)).toEqual(['admin.crt', 'members/etcd-1/peer.crt', 'members/etcd-1/server.crt']);
    expect((result.values['issued'] as { reason: string }[])[0]?.reason).toBe('key type differs: ecdsa P-256, wanted rsa');
    expect(readFileSync(join(copy, 'ca.crt'), 'utf8')).toBe(caBefore);
    expect(await openssl(['x509', '-in', join(copy, 'admin.crt'), '-noout', '-text'])).toContain('Public-Key: (2048 bit)');
    expect(await openssl(['verify', '-CAfile', join(copy, 'ca.crt'), join(copy, 'members/etcd-1/server.crt')])).toContain(': OK');
    expect(readFileSync(join(copy, 'admin.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await pki(copy, [member(1)], one)).changed).toBe(false);
  });

  it('rotates the CA by hand in the three steps engine/pki/README.md gives', async () => {
    const copy = join(root, 'rotate');
    cpSync(dir, copy, { recursive: true });
    const four = [...three, member(4)];
    // The new CA made with another tool, as an SRE would, with a P-384 key (it then signs with SHA-384).
    await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', join(root, 'new-ca.key'),
      '-out', join(root, 'new-ca.crt'), '-subj', '/CN=etcd-ca-lab-2', '-days', '3650',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    const oldCa = readFileSync(join(copy, 'ca.crt'), 'utf8');
    const newCa = readFileSync(join(root, 'new-ca.crt'), 'utf8');
    // 1: both CAs trusted, the old one signs: nothing is reissued.
    writeFileSync(join(copy, 'ca.crt'), oldCa + newCa);
    expect(await pki(copy, four)).toMatchObject({ changed: false, values: { issued: [] } });
    // 2: the new CA signs: every leaf is reissued, and the bundle still verifies old and new leaves alike.
    writeFileSync(join(copy, 'ca.crt'), newCa + oldCa);
    writeFileSync(join(copy, 'ca.key'), readFileSync(join(root, 'new-ca.key')));
    const swapped = await pki(copy, four);
    expect(issuedFiles(swapped)).toEqual(leafFiles(four).sort());
    expect(new Set((swapped.values['issued'] as { reason: string }[]).map((i) => i.reason))).toEqual(new Set(['not signed by this CA']));
    expect(readFileSync(join(copy, 'ca.crt'), 'utf8')).toBe(newCa + oldCa);
    expect(await openssl(['verify', '-CAfile', join(root, 'new-ca.crt'), join(copy, 'members/etcd-2/peer.crt')])).toContain(': OK');
    expect(await openssl(['x509', '-in', join(copy, 'admin.crt'), '-noout', '-text'])).toContain('Signature Algorithm: ecdsa-with-SHA384');
    expect(await openssl(['verify', '-CAfile', join(copy, 'ca.crt'), join(dir, 'members/etcd-2/peer.crt')])).toContain(': OK');
    // 3: the old CA gone: nothing to reissue.
    writeFileSync(join(copy, 'ca.crt'), newCa);
    expect(await pki(copy, four)).toMatchObject({ changed: false, values: { issued: [] } });
  });

  it.each([
    {
      title: 'the CA key is missing but the CA certificate exists',
      damage: (d: string) => rmSync(join(d, 'ca.key')),
      onController: true,
      message: /ca\.crt exists but ca\.key is missing: restore ca\.key from your backup of the PKI dir, or to move to a new CA instead, follow the rotation steps in engine\/pki\/README\.md/,
    },
    {
      title: 'the CA key belongs to another CA',
      damage: (d: string) => writeFileSync(join(d, 'ca.key'), readFileSync(join(d, 'admin.key'))),
      onController: true,
      message: /ca\.key is not the key of ca\.crt/,
    },
    {
      title: 'the task runs anywhere but on the controller',
      damage: () => undefined,
      onController: false,
      message: /etcd_pki keeps the cluster's CA and keys on the controller: run the task with delegate_to: localhost, run_once: true and become: false \(it was about to run on etcd-1\)/,
    },
  ])('refuses when $title, and writes nothing', async ({ damage, onController, message }) => {
    const copy = mkdtempSync(join(root, 'refuse-'));
    cpSync(dir, copy, { recursive: true });
    damage(copy);
    const before = snapshot(copy);
    const result = await pki(copy, [...three, member(5)], {}, { onController });
    expect(result.failed).toBe(true);
    expect(result.changed).toBe(false);
    expect(result.msg).toMatch(message);
    expect(snapshot(copy)).toEqual(before);
  });

  it.each([
    {
      title: 'the PKI dir is a file',
      setup: (base: string) => writeFileSync(base, 'not a directory'),
      message: (base: string) => `${base} is not a directory: the PKI dir's layout needs a directory there`,
    },
    {
      title: 'ca.crt is a directory',
      setup: (base: string) => {
        cpSync(dir, base, { recursive: true });
        rmSync(join(base, 'ca.crt'));
        mkdirSync(join(base, 'ca.crt'));
      },
      message: (base: string) => `${join(base, 'ca.crt')} is not a regular file: move it out of the PKI dir`,
    },
  ])('fails when $title, naming the path', async ({ setup, message }) => {
    const base = join(mkdtempSync(join(root, 'odd-')), 'pki');
    setup(base);
    const result = await pki(base, three);
    expect(result).toMatchObject({ failed: true, changed: false, msg: message(base) });
  });

  it.each<{ args: JsonObject; message: string }>([
    { args: { members: [] }, message: "members: the list is empty; give every member of the cluster (the role takes groups['etcd'])" },
    { args: { members: [{ name: '../x', addresses: ['10.0.0.1'] }] }, message: "members[0].name: '../x' cannot name a directory (letters, digits, '.', '_' and '-' only)" },
    { args: { members: [{ name: 'a', addresses: ['not an ip!'] }] }, message: "members[0].addresses: 'not an ip!' is neither an IP address nor a DNS name" },
    { args: { members: [{ name: 'a', addresses: ['10.0.0.1'] }], valid_days: 20 }, message: 'valid_days (20) must be more than renew_days (30), or every run would reissue every certificate' },
    { args: { dir: 'pki/lab', members: [{ name: 'a', addresses: ['10.0.0.1'] }] }, message: "dir: 'pki/lab' is relative: give the PKI dir as an absolute path on the controller (the role uses etcd_pki_dir)" },
    { args: { members: [{ name: 'a', addresses: ['10.0.0.1'] }], key_type: 'dsa' }, message: 'value of key_type must be one of: ecdsa, rsa, got: dsa' },
  ])('fails with a message that names the argument: $message', async ({ args, message }) => {
    const target = join(root, 'never-written');
    const result = await runModule(etcd_pki, { dir: target, ...args }, new LocalConnection(), context());
    expect(result).toMatchObject({ failed: true, changed: false, msg: message });
    expect(existsSync(target)).toBe(false);
  });
});

describe('a real etcd 3.4 with client-cert auth and the issued certificates', () => {
  let etcd: ChildProcess | undefined;
  const otherCaDirs: string[] = [];
  const dataDir = join(root, 'etcd-data');
  const member1 = join(dir, 'members', 'etcd-1');
  const endpoint = `https://${etcdAddress}:2379`;
  const etcdctl = (args: string[]) =>
    run('etcdctl', [`--endpoints=${endpoint}`, '--dial-timeout=2s', '--command-timeout=4s', ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
  const admin = [`--cacert=${join(dir, 'ca.crt')}`, `--cert=${join(dir, 'admin.crt')}`, `--key=${join(dir, 'admin.key')}`];

  beforeAll(async () => {
    etcd = spawn(
      '/usr/bin/etcd',
      [
        '--name', 'etcd-1',
        '--data-dir', dataDir,
        '--listen-client-urls', endpoint,
        '--advertise-client-urls', endpoint,
        '--listen-peer-urls', `https://${etcdAddress}:2380`,
        '--initial-advertise-peer-urls', `https://${etcdAddress}:2380`,
        '--initial-cluster', `etcd-1=https://${etcdAddress}:2380`,
        '--cert-file', join(member1, 'server.crt'),
        '--key-file', join(member1, 'server.key'),
        '--trusted-ca-file', join(dir, 'ca.crt'),
        '--client-cert-auth',
        '--peer-cert-file', join(member1, 'peer.crt'),
        '--peer-key-file', join(member1, 'peer.key'),
        '--peer-trusted-ca-file', join(dir, 'ca.crt'),
        '--peer-client-cert-auth',
        '--logger', 'zap',
        '--log-outputs', join(root, 'etcd.log'),
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await etcdctl([...admin, 'endpoint', 'health']);
        return;
      } catch (error) {
        if (Date.now() > deadline || etcd.exitCode !== null) {
          const log = existsSync(join(root, 'etcd.log')) ? readFileSync(join(root, 'etcd.log'), 'utf8').slice(-2000) : '';
          throw new Error(`etcd did not become healthy: ${String(error)}\n${log}`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  afterAll(async () => {
    for (const other of otherCaDirs) rmSync(other, { recursive: true, force: true });
    if (etcd && etcd.exitCode === null && etcd.signalCode === null) {
      const exited = new Promise((r) => etcd!.once('exit', r));
      etcd.kill('SIGTERM');
      await exited;
    }
  });

  it('accepts the admin certificate for writes and reads', async () => {
    await etcdctl([...admin, 'put', 'pki-test', 'written-with-admin']);
    const { stdout } = await etcdctl([...admin, 'get', 'pki-test', '--print-value-only']);
    expect(stdout.trim()).toBe('written-with-admin');
  });

  it('accepts the kube-apiserver-etcd-client certificate', async () => {
    const apiserver = [`--cacert=${join(dir, 'ca.crt')}`, `--cert=${join(dir, 'kube-apiserver-etcd-client.crt')}`, `--key=${join(dir, 'kube-apiserver-etcd-client.key')}`];
    const { stdout } = await etcdctl([...apiserver, 'get', 'pki-test', '--print-value-only']);
    expect(stdout.trim()).toBe('written-with-admin');
  });

  it.each([
    { title: 'no client certificate', args: () => [`--cacert=${join(dir, 'ca.crt')}`], because: "tls: client didn't provide a certificate" },
    {
      title: 'a client certificate from another CA',
      args: () => {
        const other = makeTestPki(['admin']);
        otherCaDirs.push(other.dir);
        return [`--cacert=${join(dir, 'ca.crt')}`, `--cert=${other.cert}`, `--key=${other.key}`];
      },
      because: 'x509: certificate signed by unknown authority',
    },
  ])('refuses a client with $title', async ({ args, because }) => {
    const rejections = () => readFileSync(join(root, 'etcd.log'), 'utf8').split('\n').filter((l) => l.includes('"rejected connection"'));
    const before = rejections().length;
    await expect(etcdctl([...args(), 'put', 'pki-test', 'intruder'])).rejects.toThrow(/Command failed: etcdctl/);
    // etcdctl itself only says that its deadline passed: etcd's log says why it refused the connection.
    const added = rejections().slice(before);
    expect(added.length).toBeGreaterThan(0);
    for (const line of added) expect(line).toContain(because);
    const { stdout } = await etcdctl([...admin, 'get', 'pki-test', '--print-value-only']);
    expect(stdout.trim()).toBe('written-with-admin');
  });
});
