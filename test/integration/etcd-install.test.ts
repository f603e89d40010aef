import { copyFileSync, createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../engine/events.js';
import type { EtcdArchive } from '../../engine/lab/index.js';
import { makeTestPki, type TestPki } from '../support/etcd.js';
import { startTestLab, testEtcdArchive, type TestLab } from '../support/lab.js';
import { onLabHost, parseEvents, recapOf, runQuorum, type CliResult } from '../support/run-cli.js';

// The etcd_install and etcd_config roles through `quorum run` on a lab host (address block 127.0.45: the host is
// 127.0.45.1, the HTTP server for the download case listens on 127.0.45.200), with the lab's etcd release
// archive built from Debian's 3.4.23 binaries. Run `npx tsc -p tsconfig.build.json` first: this runs the CLI.

const playbook = 'test/fixtures/etcd-install/site.yml';
const etcdctl =
  'ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://127.0.45.1:2379 --cacert /etc/etcd/pki/ca.crt --cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key';

let t: TestLab | undefined;
let archive: EtcdArchive;
let pki: TestPki;
let work: string;
let server: Server | undefined;

function lab(): TestLab {
  if (!t) throw new Error('the lab on 127.0.45 did not start');
  return t;
}

type ExtraVars = Record<string, string | boolean | number>;

/** A run of the fixture playbook; the controller archive is etcd_archive_src unless the caller gives a URL. */
function run(extraVars: ExtraVars): Promise<CliResult> {
  const vars = extraVars['etcd_archive_url'] === undefined ? { etcd_archive_src: archive.path, ...extraVars } : extraVars;
  return runQuorum(['run', playbook, '-i', lab().lab.inventoryFile, '--json', '-e', JSON.stringify(vars)], { timeoutMs: 180_000 });
}

function failures(events: readonly RunEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'host_result' && e.status === 'failed' ? [`${e.task}: ${e.msg ?? ''}`] : []));
}

function restartNeeded(events: readonly RunEvent[]): unknown {
  const report = events.find((e) => e.type === 'host_result' && e.task === 'report etcd_restart_needed');
  return report?.type === 'host_result' ? report.display?.['etcd_restart_needed'] : undefined;
}

function sh(command: string): Promise<string> {
  return onLabHost(lab().lab, 'h1', command);
}

/** A copy of the lab's archive under another version's name, with its .sha256 file, as a release would have. */
function archiveNamed(version: string): string {
  const path = join(work, `etcd-v${version}-linux-amd64.tar.gz`);
  copyFileSync(archive.path, path);
  writeFileSync(`${path}.sha256`, `${archive.sha256}  ${basename(path)}\n`);
  return path;
}

const pidOfEtcd = () => sh('cat /run/quorum/etcd.pid').then((s) => s.trim());

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'quorum-etcd-install-'));
  [t, archive] = await Promise.all([startTestLab({ hosts: 1, block: '127.0.45' }), testEtcdArchive()]);
  // One certificate for the member's server, peer and admin roles: its SANs name the member as the contract says.
  pki = makeTestPki(['h1', 'localhost', '127.0.45.1', '127.0.0.1']);
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await t?.stop();
  if (pki) rmSync(pki.dir, { recursive: true, force: true });
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('etcd_install', () => {
  it('refuses an archive whose sha256 is not the expected one, naming the file and both sums', async () => {
    const wrong = '0'.repeat(64);
    const r = await run({ etcd_archive_sha256: wrong });
    expect(r.code, r.stdout).toBe(2);
    expect(failures(parseEvents(r.stdout))).toEqual([
      `etcd_install | refuse an archive whose sha256 is not the expected one: ${archive.path} has sha256 ${archive.sha256} ` +
        `but ${wrong} was expected (from etcd_archive_sha256); it was removed from ` +
        `h1:/opt/etcd/archives/${basename(archive.path)}. Give the right archive or the right sha256.`,
    ]);
    expect(await sh('ls -A /opt/etcd/archives; ls -A /opt/etcd/etcd-v3.4.23')).toBe('');
  }, 180_000);

  it("refuses a data dir where Debian's etcd-server package bootstrapped its own member", async () => {
    await sh('mkdir -p /var/lib/etcd/default/member');
    const r = await run({});
    await sh('rm -r /var/lib/etcd/default');
    expect(r.code, r.stderr + r.stdout.slice(-2000)).toBe(2);
    expect(failures(parseEvents(r.stdout))).toEqual([
      "etcd_install | refuse a data dir that Debian's etcd-server package uses: h1:/var/lib/etcd/default holds a member " +
        "that Debian's etcd-server package bootstrapped (its unit runs etcd on 127.0.0.1 with that directory). Stop and " +
        'disable that service (systemctl disable --now etcd) before etcd_config replaces its unit, then move ' +
        '/var/lib/etcd/default aside, or set etcd_data_dir to another directory.',
    ]);
  }, 180_000);

  it('installs from the controller archive, and a second run changes nothing', async () => {
    const first = await run({});
    expect(first.code, failures(parseEvents(first.stdout)).join('\n')).toBe(0);
    expect(recapOf(parseEvents(first.stdout)).get('h1')?.changed).toBeGreaterThan(0);
    const layout = await sh(
      'readlink /opt/etcd/current /usr/local/bin/etcd /usr/local/bin/etcdctl; stat -c "%a %U %G" /var/lib/etcd; ' +
        'getent passwd etcd | cut -d: -f6,7; /usr/local/bin/etcd --version | head -n 1; stat -c "%U" /opt/etcd/current/etcd',
    );
    expect(layout.split('\n')).toEqual([
      '/opt/etcd/etcd-v3.4.23',
      '/opt/etcd/current/etcd',
      '/opt/etcd/current/etcdctl',
      '700 etcd etcd',
      '/var/lib/etcd:/usr/sbin/nologin',
      'etcd Version: 3.4.23',
      'root',
      '',
    ]);
    const second = await run({});
    expect(second.code).toBe(0);
    expect(recapOf(parseEvents(second.stdout)).get('h1')).toMatchObject({ changed: 0, failed: 0 });
  }, 180_000);

  it('a new etcd_version switches /opt/etcd/current, and back', async () => {
    const upgraded = await run({ etcd_version: '3.4.99', etcd_archive_src: archiveNamed('3.4.99') });
    expect(upgraded.code, failures(parseEvents(upgraded.stdout)).join('\n')).toBe(0);
    expect(await sh('readlink /opt/etcd/current; readlink -f /usr/local/bin/etcd; ls /opt/etcd/archives')).toBe(
      '/opt/etcd/etcd-v3.4.99\n/opt/etcd/etcd-v3.4.99/etcd\netcd-v3.4.23-linux-amd64.tar.gz\netcd-v3.4.99-linux-amd64.tar.gz\n',
    );
    const back = await run({});
    expect(back.code).toBe(0);
    expect(recapOf(parseEvents(back.stdout)).get('h1')?.changed).toBe(1);
    expect(await sh('readlink -f /usr/local/bin/etcd')).toBe('/opt/etcd/etcd-v3.4.23/etcd\n');
  }, 180_000);

  it('downloads from etcd_archive_url with get_url, checked against etcd_archive_sha256; a 404 fails the download', async () => {
    const copy = archiveNamed('3.4.98');
    server = createServer((request, response) => {
      if (request.url === `/${basename(copy)}`) createReadStream(copy).pipe(response);
      else {
        response.statusCode = 404;
        response.end();
      }
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.45.200', resolve));
    const url = `http://127.0.45.200:${(server.address() as AddressInfo).port}/${basename(copy)}`;
    const r = await run({ etcd_version: '3.4.98', etcd_archive_url: url, etcd_archive_sha256: archive.sha256 });
    expect(r.code, failures(parseEvents(r.stdout)).join('\n')).toBe(0);
    expect(await sh('readlink /opt/etcd/current; sha256sum < /opt/etcd/archives/etcd-v3.4.98-linux-amd64.tar.gz')).toBe(
      `/opt/etcd/etcd-v3.4.98\n${archive.sha256}  -\n`,
    );
    const missing = await run({ etcd_version: '3.4.97', etcd_archive_url: url.replace('3.4.98', '3.4.97'), etcd_archive_sha256: archive.sha256 });
    expect(missing.code).toBe(2);
    expect(failures(parseEvents(missing.stdout))).toEqual([expect.stringMatching(/^etcd_install \| download the archive .*: Request failed: .*404/)]);
  }, 180_000);
});

describe('etcd_config', () => {
  const configured = (more: ExtraVars = {}): ExtraVars => ({ test_pki_dir: pki.dir, test_config: true, test_start: true, ...more });

  it('a one-member TLS cluster starts and answers; a second run changes nothing', async () => {
    const r = await run(configured());
    expect(r.code, failures(parseEvents(r.stdout)).join('\n')).toBe(0);
    expect(restartNeeded(parseEvents(r.stdout))).toBe(false);
    expect(await sh(`${etcdctl} put greeting hello && ${etcdctl} get greeting --print-value-only`)).toBe('OK\nhello\n');
    // Client-cert auth: the same CA but no client certificate is refused.
    expect(await sh(`ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints https://127.0.45.1:2379 --cacert /etc/etcd/pki/ca.crt --command-timeout 2s get greeting 2>&1 || echo refused`)).toMatch(/refused\n$/);
    const second = await run(configured());
    expect(recapOf(parseEvents(second.stdout)).get('h1')).toMatchObject({ changed: 0, failed: 0 });
    // The config was written a moment before etcd started: the running process is not older than it.
    expect(restartNeeded(parseEvents(second.stdout))).toBe(false);
  }, 180_000);

  it('a new etcd_initial_cluster on a member that holds data changes nothing', async () => {
    const before = await pidOfEtcd();
    const r = await run(
      configured({ etcd_initial_cluster: 'h1=https://127.0.45.1:2380,h9=https://127.0.45.9:2380', etcd_initial_cluster_state: 'existing' }),
    );
    expect(r.code, r.stderr + failures(parseEvents(r.stdout)).join('\n')).toBe(0);
    const events = parseEvents(r.stdout);
    expect(recapOf(events).get('h1')).toMatchObject({ changed: 0, failed: 0 });
    expect(restartNeeded(events)).toBe(false);
    expect(await sh('grep ^initial-cluster /etc/etcd/etcd.conf.yml')).toBe(
      'initial-cluster: "h1=https://127.0.45.1:2380"\ninitial-cluster-state: "new"\ninitial-cluster-token: "etcd"\n',
    );
    expect(await pidOfEtcd()).toBe(before);
  }, 180_000);

  it('a new etcd_heartbeat_interval rewrites the file and sets etcd_restart_needed, without a restart', async () => {
    const before = await pidOfEtcd();
    const r = await run(configured({ etcd_heartbeat_interval: 150 }));
    expect(r.code, r.stderr + failures(parseEvents(r.stdout)).join('\n')).toBe(0);
    const events = parseEvents(r.stdout);
    expect(recapOf(events).get('h1')?.changed).toBe(1);
    expect(restartNeeded(events)).toBe(true);
    expect(await sh('grep ^heartbeat-interval /etc/etcd/etcd.conf.yml')).toBe('heartbeat-interval: 150\n');
    expect(await pidOfEtcd()).toBe(before);
    // The running process still has the old settings: a later run that writes nothing still says so.
    const later = await run(configured({ etcd_heartbeat_interval: 150 }));
    expect(recapOf(parseEvents(later.stdout)).get('h1')?.changed).toBe(0);
    expect(restartNeeded(parseEvents(later.stdout))).toBe(true);
  }, 180_000);
});
