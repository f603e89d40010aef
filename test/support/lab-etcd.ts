import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lab } from '../../engine/lab/index.js';
import { onLabHost } from './run-cli.js';

// etcd members started by hand on lab hosts, for tests that need a real cluster before the roles exist (or
// that must not depend on them): the contract's paths (/etc/etcd/pki, /var/lib/etcd, /run/quorum/etcd.pid,
// /var/log/etcd.log), Debian's etcd binary, plain HTTP or TLS with client-cert auth on clients and peers.

export interface LabMember {
  name: string;
  address: string;
}

/**
 * A cluster PKI in the contract's layout (ca.crt, admin.crt/key, members/<name>/server.crt/key and peer.crt/key),
 * made with the openssl CLI for the test only. `loopbackSan: false` leaves IP 127.0.0.1 out of the member
 * certificates, as a certificate made elsewhere might.
 */
export function makeLabPki(dir: string, members: readonly LabMember[], options: { loopbackSan?: boolean } = {}): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (path: string) => run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', path]);
  const sign = (name: string, cn: string, extensions: string) => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    run(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`]);
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`]);
  };
  key('ca.key');
  run(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=quorum-test-etcd-ca', '-days', '2', '-out', 'ca.crt']);
  key('admin.key');
  sign('admin', 'root', 'extendedKeyUsage=clientAuth\n');
  for (const m of members) {
    mkdirSync(join(dir, 'members', m.name), { recursive: true });
    const sans = [`DNS:${m.name}`, 'DNS:localhost', `IP:${m.address}`, ...(options.loopbackSan === false ? [] : ['IP:127.0.0.1'])];
    for (const kind of ['server', 'peer']) {
      const base = join('members', m.name, kind);
      key(`${base}.key`);
      sign(base, m.name, `subjectAltName=${sans.join(',')}\nextendedKeyUsage=serverAuth,clientAuth\n`);
    }
  }
  return dir;
}

const HOST_PKI = '/etc/etcd/pki';

/** Copies the member's certificates and the admin certificate to /etc/etcd/pki on its host. */
async function installPki(lab: Lab, pki: string, member: LabMember): Promise<void> {
  const files: [string, string][] = [
    ['ca.crt', 'ca.crt'],
    ['admin.crt', 'admin.crt'],
    ['admin.key', 'admin.key'],
    ...['server.crt', 'server.key', 'peer.crt', 'peer.key'].map((f): [string, string] => [join('members', member.name, f), f]),
  ];
  const writes = files.map(([from, to]) => `echo ${readFileSync(join(pki, from)).toString('base64')} | base64 -d > ${HOST_PKI}/${to}`);
  await onLabHost(lab, member.name, `mkdir -p ${HOST_PKI} && chmod 700 ${HOST_PKI} && ${writes.join(' && ')} && chmod 600 ${HOST_PKI}/*.key`);
}

/** The shell command that starts one member in the background (pidfile /run/quorum/etcd.pid), unless running. */
export function labEtcdStartCommand(member: LabMember, initialCluster: string, tls: boolean): string {
  const scheme = tls ? 'https' : 'http';
  const tlsFlags = tls
    ? [
        `--cert-file ${HOST_PKI}/server.crt --key-file ${HOST_PKI}/server.key --trusted-ca-file ${HOST_PKI}/ca.crt --client-cert-auth`,
        `--peer-cert-file ${HOST_PKI}/peer.crt --peer-key-file ${HOST_PKI}/peer.key --peer-trusted-ca-file ${HOST_PKI}/ca.crt --peer-client-cert-auth`,
      ].join(' ')
    : '';
  return [
    'if [ -f /run/quorum/etcd.pid ] && kill -0 "$(cat /run/quorum/etcd.pid)" 2>/dev/null; then exit 0; fi',
    'mkdir -p /var/lib/etcd /run/quorum && chmod 700 /var/lib/etcd',
    `setsid etcd --name ${member.name} --data-dir /var/lib/etcd/data` +
      ` --listen-client-urls ${scheme}://${member.address}:2379 --advertise-client-urls ${scheme}://${member.address}:2379` +
      ` --listen-peer-urls ${scheme}://${member.address}:2380 --initial-advertise-peer-urls ${scheme}://${member.address}:2380` +
      ` --initial-cluster ${initialCluster} --initial-cluster-state new ${tlsFlags}` +
      ' --logger zap --log-outputs /var/log/etcd.log </dev/null >/dev/null 2>&1 &',
    'echo $! > /run/quorum/etcd.pid',
  ].join('\n');
}

/** The shell command a member host answers `endpoint health` with about itself. */
export function labEtcdctl(member: LabMember, tls: boolean, args: string): string {
  const certs = tls ? ` --cacert ${HOST_PKI}/ca.crt --cert ${HOST_PKI}/admin.crt --key ${HOST_PKI}/admin.key` : '';
  return `ETCDCTL_API=3 etcdctl --endpoints ${tls ? 'https' : 'http'}://${member.address}:2379${certs} ${args}`;
}

/** Starts a new cluster of these members (TLS when `pki` is given) and waits until each answers healthy. */
export async function startLabEtcd(lab: Lab, members: readonly LabMember[], options: { pki?: string } = {}): Promise<void> {
  const tls = options.pki !== undefined;
  const initialCluster = members.map((m) => `${m.name}=${tls ? 'https' : 'http'}://${m.address}:2380`).join(',');
  await Promise.all(
    members.map(async (m) => {
      if (options.pki) await installPki(lab, options.pki, m);
      await onLabHost(lab, m.name, labEtcdStartCommand(m, initialCluster, tls));
    }),
  );
  await Promise.all(members.map((m) => waitHealthy(lab, m, tls)));
}

export async function waitHealthy(lab: Lab, member: LabMember, tls: boolean, timeoutMs = 30_000): Promise<void> {
  const health = labEtcdctl(member, tls, '--dial-timeout=1s --command-timeout=2s endpoint health');
  await onLabHost(lab, member.name, `end=$(($(date +%s) + ${Math.ceil(timeoutMs / 1000)})); until ${health} >/dev/null 2>&1; do [ $(date +%s) -lt $end ] || { tail -5 /var/log/etcd.log; exit 1; }; sleep 0.1; done`);
}

/** Stops a member gracefully (SIGTERM, then waits for the process to end). */
export async function stopLabEtcd(lab: Lab, member: string): Promise<void> {
  await onLabHost(lab, member, 'if [ -f /run/quorum/etcd.pid ]; then pid=$(cat /run/quorum/etcd.pid); kill "$pid" 2>/dev/null; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done; rm -f /run/quorum/etcd.pid; fi');
}
