import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real etcd members on loopback for the tests that need one without lab hosts (the etcd client itself).
// Debian's etcd-server; each member gets its own data dir under the system temp dir.

export interface TestPki {
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

/** A CA and one certificate for `names` (DNS and IP SANs), made with the openssl CLI for the test only. */
export function makeTestPki(sans: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'quorum-test-pki-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  run(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=quorum-test-ca', '-days', '2', '-out', 'ca.crt']);
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'member.key']);
  run(['req', '-new', '-key', 'member.key', '-subj', '/CN=member', '-out', 'member.csr']);
  writeFileSync(
    join(dir, 'ext.cnf'),
    `subjectAltName=${sans.map((s) => (/^[\d.]+$/.test(s) ? `IP:${s}` : `DNS:${s}`)).join(',')}\n` +
      'extendedKeyUsage=serverAuth,clientAuth\n',
  );
  run(['x509', '-req', '-in', 'member.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', 'ext.cnf', '-out', 'member.crt']);
  return { dir, ca: join(dir, 'ca.crt'), cert: join(dir, 'member.crt'), key: join(dir, 'member.key') };
}

export interface TestEtcd {
  name: string;
  clientUrl: string;
  process: ChildProcess;
  dataDir: string;
  stop(): Promise<void>;
}

/** A cluster of several plain-HTTP members, one per address, started together. */
export async function startTestCluster(members: { name: string; address: string }[]): Promise<TestEtcd[]> {
  const initialCluster = members.map((m) => `${m.name}=http://${m.address}:2380`).join(',');
  return Promise.all(members.map((m) => startTestEtcd({ ...m, initialCluster })));
}

/** One member on `address`: by default a single-member cluster, plain HTTP or with TLS and client-cert auth. */
export async function startTestEtcd(options: {
  name: string;
  address: string;
  pki?: TestPki;
  initialCluster?: string;
}): Promise<TestEtcd> {
  const dataDir = mkdtempSync(join(tmpdir(), `quorum-test-etcd-${options.name}-`));
  const scheme = options.pki ? 'https' : 'http';
  const clientUrl = `${scheme}://${options.address}:2379`;
  const peerUrl = `http://${options.address}:2380`;
  const args = [
    '--name', options.name,
    '--data-dir', dataDir,
    '--listen-client-urls', clientUrl,
    '--advertise-client-urls', clientUrl,
    '--listen-peer-urls', peerUrl,
    '--initial-advertise-peer-urls', peerUrl,
    '--initial-cluster', options.initialCluster ?? `${options.name}=${peerUrl}`,
    '--initial-cluster-state', 'new',
    '--logger', 'zap',
    '--log-outputs', join(dataDir, 'etcd.log'),
  ];
  if (options.pki) {
    args.push('--cert-file', options.pki.cert, '--key-file', options.pki.key, '--trusted-ca-file', options.pki.ca,
      '--client-cert-auth');
  }
  const child = spawn('etcd', args, { stdio: 'ignore' });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const tls = options.pki ? ['--cacert', options.pki.ca, '--cert', options.pki.cert, '--key', options.pki.key] : [];
      await promisify(execFile)('etcdctl', [
        '--endpoints', clientUrl, ...tls, '--dial-timeout=1s', '--command-timeout=2s', 'endpoint', 'health',
      ]);
      break;
    } catch (err) {
      if (Date.now() > deadline || child.exitCode !== null || child.signalCode !== null) {
        const log = (() => {
          try {
            return readFileSync(join(dataDir, 'etcd.log'), 'utf8').slice(-2000);
          } catch {
            return '';
          }
        })();
        await stop();
        throw new Error(`etcd ${options.name} did not become healthy on ${clientUrl}: ${String(err)}\n${log}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return { name: options.name, clientUrl, process: child, dataDir, stop };
}
