import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PathStat } from '../../../engine/modules/facts/stat.js';
import { fetch, fetchDestination } from '../../../engine/modules/fetch.js';
import { procAddresses, socketTest } from '../../../engine/modules/support/listening.js';
import { listTar } from '../../../engine/modules/support/tar-listing.js';
import { stripComponents, strippedEntries, unarchive } from '../../../engine/modules/unarchive.js';
import { wait_for } from '../../../engine/modules/wait_for.js';
import type { JsonObject, StepOutput } from '../../../engine/modules/types.js';
import { absentStat, describeSteps, directoryStat, fileStat, planContext, planFor } from './plan-context.js';

// wait_for, fetch and unarchive: the waiting loop and its messages, where fetched files land, and when an
// archive needs extracting.

function output(rc: number, stdout: string): StepOutput {
  const at = new Date(0);
  return { rc, stdout, stderr: '', startedAt: at, endedAt: at };
}

describe('wait_for', () => {
  it.each<[string, JsonObject, string]>([
    ['a port', { port: 2379, host: '127.0.41.1' }, "awk -v port=094B -v states='0A' -v addrs='0129007F 00000000 0000000000000000FFFF00000129007F 00000000000000000000000000000000'"],
    ['a port stopped', { port: 2380, state: 'stopped' }, "! awk -v port=094C -v states='0A'"],
    ['a path', { path: '/var/lib/etcd/member' }, "[ -e /var/lib/etcd/member ]"],
    ['a path absent', { path: '/run/lock', state: 'absent' }, '[ ! -e /run/lock ]'],
    ['a regex in a file', { path: '/var/log/etcd.log', search_regex: 'ready to serve' }, "[ -r /var/log/etcd.log ] && grep -Eq -- 'ready to serve' /var/log/etcd.log"],
  ])('%s: the loop tests with %s', (_title, args, test) => {
    const plan = planFor(wait_for, args, {}, undefined);
    const step = plan.steps[0];
    expect(step?.kind === 'exec' && step.readOnly && step.command.includes(`  if ${test}`)).toBe(true);
  });

  it('waits with delay, timeout and sleep, and a step timeout beyond them', () => {
    const step = planFor(wait_for, { path: '/x', delay: 2, timeout: 10, sleep: 3 }, {}, undefined).steps[0];
    expect(step).toMatchObject({ kind: 'exec', timeoutMs: 45_000 });
    expect(step?.kind === 'exec' ? step.command.split('\n') : []).toEqual([
      'sleep 2',
      'start=$(date +%s)',
      'while :; do',
      '  if [ -e /x ]; then echo "elapsed $(( $(date +%s) - start ))"; exit 0; fi',
      '  if [ $(( $(date +%s) - start )) -ge 10 ]; then echo "elapsed $(( $(date +%s) - start ))"; exit 3; fi',
      '  sleep 3',
      'done',
    ]);
  });

  it.each<[string, JsonObject, StepOutput, JsonObject]>([
    ['ready', { port: 2379 }, output(0, 'elapsed 4\n'), { values: { state: 'started', port: 2379, elapsed: 4 } }],
    ['timed out on a port', { port: 2379 }, output(3, 'elapsed 300\n'), { failed: true, msg: 'Timeout when waiting for 127.0.0.1:2379' }],
    ['timed out waiting for a stop', { port: 2379, state: 'stopped' }, output(3, ''), { failed: true, msg: 'Timeout when waiting for 127.0.0.1:2379 to stop.' }],
    ['timed out on a file', { path: '/x' }, output(3, ''), { failed: true, msg: 'Timeout when waiting for file /x' }],
    ['timed out on a regex', { path: '/x', search_regex: 'up' }, output(3, ''), { failed: true, msg: 'Timeout when waiting for search string up in /x' }],
    ['the user\'s msg', { path: '/x', msg: 'etcd never wrote its data dir' }, output(3, ''), { failed: true, msg: 'etcd never wrote its data dir' }],
    ['only a timeout: sleeping is success', { timeout: 2 }, output(3, 'elapsed 2\n'), { values: { state: 'started', elapsed: 2 } }],
  ])('%s', (_title, args, out, expected) => {
    const plan = planFor(wait_for, args, {}, undefined);
    expect(plan.complete?.([out])).toMatchObject(expected);
  });

  it('refuses search_regex with a port', () => {
    expect(planFor(wait_for, { port: 80, search_regex: 'x' }, {}, undefined)).toMatchObject({ failed: true, msg: 'search_regex with port is not supported: hosts have no nc; wait for a path, or check the port' });
  });

  it.each<[string, string[]]>([
    ['localhost', ['0100007F', '00000000', '0000000000000000FFFF00000100007F', '00000000000000000000000000000000']],
    ['0.0.0.0', []],
    ['etcd1.example', []],
  ])('listening addresses for %s', (host, addresses) => {
    expect(procAddresses(host)).toEqual(addresses);
  });

  it('reads /proc/net/tcp: this test process\'s own listener is found, a closed port is not', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const run = (test: string) => {
      try {
        execFileSync('/bin/sh', ['-c', test]);
        return true;
      } catch {
        return false;
      }
    };
    const found = [run(socketTest('127.0.0.1', port, ['0A'])), run(socketTest('127.0.0.2', port, ['0A']))];
    server.close();
    expect(found).toEqual([true, false]);
  });
});

describe('fetch', () => {
  it.each<[string, string, boolean, string]>([
    ['/etc/etcd/etcd.conf', 'out', false, 'out/h1/etc/etcd/etcd.conf'],
    ['etc/x', 'out/', false, 'out/h1/etc/x'],
    ['/var/backups/snap.db', 'backups/', true, 'backups/snap.db'],
    ['/var/backups/snap.db', 'backups/h1.db', true, 'backups/h1.db'],
  ])('%s to %s (flat %s) lands at %s', (src, dest, flat, expected) => {
    expect(fetchDestination(src, dest, flat, 'h1')).toBe(expected);
  });

  it.each<[string, PathStat, string | undefined, string | undefined, JsonObject]>([
    ['fetches a new file', fileStat('x'), 'abc', undefined, { changed: true, steps: ['fetch /x -> out/h1/x'] }],
    ['the same sha1 on both sides', fileStat('x'), 'abc', 'abc', { changed: false, steps: [] }],
    ['a missing file fails', absentStat, undefined, undefined, { failed: true, msg: 'the remote file does not exist, not transferring, ignored' }],
    ['a directory fails', directoryStat, undefined, undefined, { failed: true, msg: 'remote file is a directory, fetch cannot work on directories' }],
  ])('%s', (_title, src, remoteSha1, localSha1, expected) => {
    const plan = planFor(fetch, { src: '/x', dest: 'out' }, { src, sha1: remoteSha1 }, { path: 'out/h1/x', sha1: localSha1 });
    expect({ ...plan, steps: describeSteps(plan.steps) }).toMatchObject(expected);
  });

  it('fail_on_missing: no reports without failing', () => {
    const plan = planFor(fetch, { src: '/x', dest: 'out', fail_on_missing: false }, { src: absentStat, sha1: undefined }, { path: 'out/h1/x', sha1: undefined });
    expect([plan.failed ?? false, plan.changed]).toEqual([false, false]);
  });
});

describe('unarchive', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'quorum-unarchive-unit-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('lists a tar.gz made by GNU tar, long names included', () => {
    const root = join(scratch, 'src');
    const long = 'd'.repeat(120);
    mkdirSync(join(root, 'etcd-v3.4.23-linux-amd64', long), { recursive: true });
    writeFileSync(join(root, 'etcd-v3.4.23-linux-amd64', 'etcd'), 'binary', { mode: 0o755 });
    writeFileSync(join(root, 'etcd-v3.4.23-linux-amd64', long, 'f'), '');
    const archive = join(scratch, 'a.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', root, '--sort=name', 'etcd-v3.4.23-linux-amd64']);
    expect(listTar(readFileSync(archive))).toEqual([
      { path: 'etcd-v3.4.23-linux-amd64', kind: 'directory', mode: 0o755, size: 0 },
      { path: `etcd-v3.4.23-linux-amd64/${long}`, kind: 'directory', mode: 0o755, size: 0 },
      { path: `etcd-v3.4.23-linux-amd64/${long}/f`, kind: 'file', mode: 0o644, size: 0 },
      { path: 'etcd-v3.4.23-linux-amd64/etcd', kind: 'file', mode: 0o755, size: 6 },
    ]);
  });

  it.each<[string[], number]>([
    [[], 0],
    [['--strip-components=1'], 1],
    [['--no-same-owner', '--strip-components', '2'], 2],
    [['--strip-components'], 0],
  ])('extra_opts %j strip %d components', (opts, strip) => {
    expect(stripComponents(opts)).toBe(strip);
  });

  it('strips leading components as tar does, dropping what is left empty', () => {
    const entries = [
      { path: 'etcd-v3.4.23', kind: 'directory' as const, mode: 0o755, size: 0 },
      { path: 'etcd-v3.4.23/etcd', kind: 'file' as const, mode: 0o755, size: 6 },
      { path: 'etcd-v3.4.23/Documentation/a.md', kind: 'file' as const, mode: 0o644, size: 1 },
    ];
    expect(strippedEntries(entries, 1).map((e) => e.path)).toEqual(['etcd', 'Documentation/a.md']);
  });

  it('refuses what is not a tar', () => {
    expect(() => listTar(Buffer.alloc(1024, 7))).toThrow('not a tar archive (quorum extracts .tar and .tar.gz)');
  });

  const entries = [
    { path: 'etcd', kind: 'directory' as const, mode: 0o755, size: 0 },
    { path: 'etcd/etcd', kind: 'file' as const, mode: 0o755, size: 6 },
  ];
  const local = { path: '/files/etcd.tar.gz', content: Buffer.from('archive'), entries };

  it.each<[string, JsonObject, PathStat, boolean, string[], JsonObject]>([
    ['extracts when entries differ', { src: 'etcd.tar.gz', dest: '/opt' }, directoryStat, false, ['etcd/etcd'], { changed: true }],
    ['nothing when every entry is in place', { src: 'etcd.tar.gz', dest: '/opt' }, directoryStat, false, [], { changed: false }],
    ['nothing when creates exists', { src: 'etcd.tar.gz', dest: '/opt', creates: '/opt/etcd/etcd' }, directoryStat, true, ['etcd/etcd'], { changed: false, msg: 'skipped, since /opt/etcd/etcd exists' }],
    ['fails when dest is not a directory', { src: 'etcd.tar.gz', dest: '/opt' }, absentStat, false, [], { failed: true, msg: "Destination '/opt' is not a directory" }],
  ])('%s', (_title, args, dest, creates, differing, expected) => {
    expect(planFor(unarchive, args, { dest, creates, differing }, local)).toMatchObject(expected);
  });

  it('predicts the unpacking in check mode when an earlier task would have made dest', () => {
    const plan = planFor(unarchive, { src: 'etcd.tar.gz', dest: '/opt/etcd/v1' }, { dest: absentStat, creates: false, differing: [] }, local, planContext({ check: true }));
    expect(plan).toMatchObject({ changed: true, steps: [], msg: 'would unpack into /opt/etcd/v1 (not there yet: an earlier task of the run makes it)' });
    expect(plan.failed).toBeUndefined();
  });

  it('pushes the archive, extracts it, removes it, and chowns what it extracted', () => {
    const plan = planFor(unarchive, { src: 'etcd.tar.gz', dest: '/opt', owner: 'etcd', group: 'etcd', extra_opts: ['--no-same-owner'] }, { dest: directoryStat, creates: false, differing: ['x'] }, local);
    const archive = '/tmp/.quorum-unarchive-0eb3e36bfb24dcd9';
    expect(describeSteps(plan.steps)).toEqual([
      `put ${archive} 600 archive`,
      `tar -xf ${archive} -C /opt --no-same-owner; rc=$?; rm -f -- ${archive}; exit $rc`,
      'chown -R etcd:etcd -- /opt/etcd',
    ]);
  });
});
