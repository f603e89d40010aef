import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildEtcdArchive, buildEtcdArchives, labDown, labStatus, labUp, type Lab, type LabHost } from '../../engine/lab/index.js';
import { chooseBinary, parseEtcdVersion } from '../../engine/lab/etcd-binaries.js';
import { releaseName, sha256OfFile, sha256Line } from '../../engine/lab/etcd-archive.js';
import { renderInventory } from '../../engine/lab/inventory.js';
import { knownHostsLine } from '../../engine/lab/known-hosts.js';
import { labDirProblem, namespaceFingerprint, overlayLayers } from '../../engine/lab/layout.js';
import { processesInNamespacesMatching } from '../../engine/lab/namespaces.js';
import { plannedHosts, resolveLabSettings, type ExistingLabShape } from '../../engine/lab/settings.js';
import { aptInstallCommand, hostPrograms, packagesFor } from '../../engine/lab/tools.js';
import type { LabUpOptions } from '../../engine/lab/types.js';
import { repoRoot } from '../../engine/paths.js';
import { labHost, labSsh, startTestLab, testEtcdArchive, testLabDir, useTestLab } from '../support/lab.js';

// Address blocks of this file (see test/support/lab.ts): 127.0.20 for the 3-host lab, 127.0.21 for the
// labs of wrong inputs, 127.0.22 for a lab left behind by a killed run.

const run = promisify(execFile);

interface Ran {
  rc: number;
  stdout: string;
  stderr: string;
}

async function runProgram(file: string, args: string[]): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(file, args, { encoding: 'utf8' });
    return { rc: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { rc: typeof e.code === 'number' ? e.code : 255, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** False for a pid that is gone or a zombie (ended, and not yet reaped by its parent). */
async function isLiveProcess(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== '' && state !== 'Z' && state !== 'X';
}

function quorumCli(args: string[]): Promise<Ran> {
  return runProgram(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), ...args]);
}

describe('a lab of 3 hosts (127.0.20)', () => {
  const startedLab = useTestLab({ hosts: 3, block: '127.0.20' });
  let lab: Lab;
  // A name no other run or machine file has, so that "invisible elsewhere" cannot pass by accident.
  const marker = `quorum-lab-test-${process.pid}-${Date.now()}`;

  beforeAll(() => {
    lab = startedLab();
  });

  it('has hosts h1..h3 on 127.0.20.1..3, port 22, the lab user and key', () => {
    expect(lab.hosts.map((h) => [h.name, h.address, h.port, h.user])).toEqual([
      ['h1', '127.0.20.1', 22, 'quorum-lab'],
      ['h2', '127.0.20.2', 22, 'quorum-lab'],
      ['h3', '127.0.20.3', 22, 'quorum-lab'],
    ]);
    expect(lab.hosts.every((h) => h.privateKeyFile === join(lab.dir, 'id_ed25519'))).toBe(true);
  });

  it.each(['h1', 'h2', 'h3'])('%s: ssh logs in with strict host keys, the host has its name, and sudo -n works', async (name) => {
    const result = await labSsh(lab, labHost(lab, name), 'id -un; hostname; sudo -n true && echo sudo-ok; echo "$SHELL"');
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['quorum-lab', name, 'sudo-ok', '/bin/sh']);
  });

  it('refuses a host whose key is not in known_hosts (strict checking is real)', async () => {
    const emptyKnownHosts = join(lab.dir, 'empty_known_hosts');
    await writeFile(emptyKnownHosts, '');
    const result = await runProgram('ssh', [
      '-F', '/dev/null', '-i', join(lab.dir, 'id_ed25519'), '-o', `UserKnownHostsFile=${emptyKnownHosts}`,
      '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', 'quorum-lab@127.0.20.1', 'true',
    ]);
    expect(result.rc).toBe(255);
    expect(result.stderr).toMatch(/Host key verification failed/);
  });

  it.each([
    '/etc/etcd',
    '/var/lib/etcd',
    '/usr/local/bin',
    '/opt/etcd',
    '/etc/systemd/system',
    '/etc/default',
    '/var/log/etcd',
    '/var/backups/etcd',
    '/run/quorum',
  ])('a file written under %s on h1 is invisible on h2 and on the machine', async (dir) => {
    const file = `${dir}/${marker}`;
    const wrote = await labSsh(lab, labHost(lab, 'h1'), `sudo -n mkdir -p ${dir} && echo h1 | sudo -n tee ${file} >/dev/null && sudo -n cat ${file}`);
    expect(wrote).toEqual({ rc: 0, stdout: 'h1\n', stderr: '' });
    const onH2 = await labSsh(lab, labHost(lab, 'h2'), `test -e ${file} && echo present || echo absent`);
    expect(onH2.stdout).toBe('absent\n');
    expect(existsSync(file)).toBe(false);
  });

  it('a user added on h1 (useradd, as a role would) exists only on h1', async () => {
    const user = `qlab${process.pid % 100000}`;
    const added = await labSsh(lab, labHost(lab, 'h1'), `sudo -n useradd --system --no-create-home ${user} && id -un ${user}`);
    expect(added).toEqual({ rc: 0, stdout: `${user}\n`, stderr: '' });
    const onH2 = await labSsh(lab, labHost(lab, 'h2'), `id ${user} >/dev/null 2>&1 && echo present || echo absent`);
    expect(onH2.stdout).toBe('absent\n');
    expect(await readFile('/etc/passwd', 'utf8')).not.toContain(`${user}:`);
  });

  it("each host has its own pid space: sshd is its pid 1, and h2 sees none of h1's processes", async () => {
    const started = await labSsh(lab, labHost(lab, 'h1'), 'setsid sleep 5005 </dev/null >/dev/null 2>&1 & echo started');
    expect(started.stdout).toBe('started\n');
    const look = "cat /proc/1/comm; pgrep -f 'sleep 500[5]' >/dev/null && echo seen || echo unseen";
    expect((await labSsh(lab, labHost(lab, 'h1'), look)).stdout).toBe('sshd\nseen\n');
    expect((await labSsh(lab, labHost(lab, 'h2'), look)).stdout).toBe('sshd\nunseen\n');
    expect((await labSsh(lab, labHost(lab, 'h1'), "pkill -f 'sleep 500[5]' && echo ended")).stdout).toBe('ended\n');
  });

  it('status reports every host: its sshd pid, its processes, and that ssh answers', async () => {
    const status = await labStatus(lab.dir);
    expect(status.exists).toBe(true);
    const pids = await Promise.all(lab.hosts.map(async (h) => Number((await readFile(join(lab.dir, 'hosts', h.name, 'sshd.pid'), 'utf8')).trim())));
    expect(status.hosts.map((h) => [h.name, h.address, h.port, h.sshdPid, h.sshdRunning, h.sshAnswers])).toEqual(
      lab.hosts.map((h, i) => [h.name, h.address, 22, pids[i], true, true]),
    );
    expect(status.hosts.every((h) => h.processes >= 1)).toBe(true);
  });

  it('writes an inventory that ansible-inventory reads: groups lab and etcd, addresses, key and known_hosts', async () => {
    const home = await mkdtemp(join(tmpdir(), 'quorum-lab-ansible-home-'));
    try {
      const listed = await run('ansible-inventory', ['-i', lab.inventoryFile, '--list'], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ANSIBLE_NOCOLOR: '1' },
        encoding: 'utf8',
      });
      const inventory = JSON.parse(listed.stdout) as {
        lab: { hosts: string[] };
        etcd: { hosts: string[] };
        _meta: { hostvars: Record<string, { ansible_host: string; ansible_ssh_common_args: string; ansible_ssh_private_key_file: string }> };
      };
      expect(inventory.lab.hosts).toEqual(['h1', 'h2', 'h3']);
      expect(inventory.etcd.hosts).toEqual(['h1', 'h2', 'h3']);
      expect(inventory._meta.hostvars.h2?.ansible_host).toBe('127.0.20.2');
      expect(inventory._meta.hostvars.h2?.ansible_ssh_private_key_file).toBe(join(lab.dir, 'id_ed25519'));
      expect(inventory._meta.hostvars.h2?.ansible_ssh_common_args).toContain(`UserKnownHostsFile=${lab.knownHostsFile}`);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('ansible-playbook logs in through the inventory with strict host keys and becomes root on every host', { timeout: 120_000 }, async () => {
    const work = await mkdtemp(join(tmpdir(), 'quorum-lab-ansible-'));
    try {
      const playbook = join(work, 'whoami.yml');
      await writeFile(
        playbook,
        [
          '- hosts: etcd',
          '  gather_facts: false',
          '  become: true',
          '  tasks:',
          '    - ansible.builtin.command: id -un',
          '      register: who',
          '    - ansible.builtin.assert:',
          '        that: who.stdout == "root"',
          '',
        ].join('\n'),
      );
      const result = await runProgram('env', [
        '-i', `PATH=${process.env.PATH ?? '/usr/bin:/bin'}`, `HOME=${work}`, 'ANSIBLE_NOCOLOR=1',
        'ansible-playbook', '-i', lab.inventoryFile, playbook,
      ]);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^h1\s+: ok=2\s+changed=1\s+unreachable=0\s+failed=0/m);
      expect(result.stdout).toMatch(/^h3\s+: ok=2\s+changed=1\s+unreachable=0\s+failed=0/m);
      expect(result.rc).toBe(0);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('up again keeps running hosts as they are; --hosts 4 adds h4', async () => {
    const before = await labStatus(lab.dir);
    const again = await labUp({ dir: lab.dir, hosts: 3, etcdArchive: false });
    expect(again.hosts.map((h) => h.name)).toEqual(['h1', 'h2', 'h3']);
    const grown = await labUp({ dir: lab.dir, hosts: 4, etcdArchive: false });
    expect(grown.hosts.map((h) => h.address)).toEqual(['127.0.20.1', '127.0.20.2', '127.0.20.3', '127.0.20.4']);
    const after = await labStatus(lab.dir);
    expect(after.hosts.slice(0, 3).map((h) => h.sshdPid)).toEqual(before.hosts.map((h) => h.sshdPid));
    lab = grown;
    const onH4 = await labSsh(lab, labHost(lab, 'h4'), 'hostname');
    expect(onH4.stdout).toBe('h4\n');
  });

  it('a host whose sshd died went down whole, as a crashed machine; up restarts it with its files kept', async () => {
    const h3 = labHost(lab, 'h3');
    const kept = await labSsh(lab, h3, `sudo -n mkdir -p /etc/etcd && echo kept | sudo -n tee /etc/etcd/${marker} >/dev/null; setsid sleep 3003 </dev/null >/dev/null 2>&1 & echo started`);
    expect(kept.stdout).toBe('started\n');
    const h3Dir = join(lab.dir, 'hosts', 'h3');
    const pid = Number((await readFile(join(h3Dir, 'sshd.pid'), 'utf8')).trim());
    process.kill(pid, 'SIGKILL');
    // sshd was the host's pid 1: the kernel ends every other process of the host with it.
    await expect.poll(() => processesInNamespacesMatching(namespaceFingerprint(h3Dir)), { timeout: 10_000 }).toEqual([]);
    expect((await labStatus(lab.dir)).hosts.find((h) => h.name === 'h3')?.sshdRunning).toBe(false);
    await labUp({ dir: lab.dir, hosts: 4, etcdArchive: false });
    const after = await labSsh(lab, h3, `hostname; cat /etc/etcd/${marker}; pgrep -f 'sleep 300[3]' >/dev/null && echo running || echo gone`);
    expect(after.stdout).toBe('h3\nkept\ngone\n');
  });

  it('quorum lab status prints a line per host and exits 0', async () => {
    const result = await quorumCli(['lab', 'status', '--dir', lab.dir]);
    expect(result.rc).toBe(0);
    expect(result.stdout).toMatch(/^h1\s+127\.0\.20\.1:22\s+\d+\s+\d+\s+ok$/m);
    expect(result.stdout.trim().split('\n')).toHaveLength(2 + lab.hosts.length);
  });

  it('down ends every process of every host (sshd, sessions, a started daemon), removes the lab, and is safe twice', async () => {
    const h1 = labHost(lab, 'h1');
    const started = await labSsh(lab, h1, 'sudo -n sh -c "setsid sleep 4004 </dev/null >/dev/null 2>&1 &" && echo started');
    expect(started.stdout).toBe('started\n');
    const fingerprint = namespaceFingerprint(join(lab.dir, 'hosts'));
    expect((await processesInNamespacesMatching(fingerprint)).length).toBeGreaterThanOrEqual(lab.hosts.length + 1);
    await labDown(lab.dir);
    expect(await processesInNamespacesMatching(fingerprint)).toEqual([]);
    expect(existsSync(lab.dir)).toBe(false);
    const refused = await labSsh(lab, h1, 'true');
    expect(refused.rc).toBe(255);
    await labDown(lab.dir);
    expect((await labStatus(lab.dir)).exists).toBe(false);
  });
});

describe('startTestLab', () => {
  it('takes down a lab an earlier, killed run left on the same block, then starts its own', async () => {
    const leftover = await labUp({ dir: testLabDir('127.0.22'), hosts: 1, addressBlock: '127.0.22', etcdArchive: false });
    const oldPid = Number((await readFile(join(leftover.dir, 'hosts', 'h1', 'sshd.pid'), 'utf8')).trim());
    const { lab, stop } = await startTestLab({ hosts: 1, block: '127.0.22' });
    try {
      const newPid = Number((await readFile(join(lab.dir, 'hosts', 'h1', 'sshd.pid'), 'utf8')).trim());
      expect(newPid).not.toBe(oldPid);
      expect(await isLiveProcess(oldPid)).toBe(false);
      expect((await labSsh(lab, labHost(lab, 'h1'), 'hostname')).stdout).toBe('h1\n');
    } finally {
      await stop();
    }
  });
});

describe('inputs the lab refuses, each with a one-line reason', () => {
  const dirs: string[] = [];
  const scratch = async (files: string[]): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-lab-input-'));
    dirs.push(dir);
    await Promise.all(files.map((f) => writeFile(join(dir, f), 'user data\n')));
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    await labDown(testLabDir('127.0.21'));
  });

  it.each([
    ['no hosts', { hosts: 0 }, /--hosts 0 is not a whole number from 1 to 254/],
    ['too many hosts', { hosts: 255 }, /--hosts 255 is not a whole number from 1 to 254/],
    ['a block outside loopback', { hosts: 1, addressBlock: '10.0.0' }, /--block '10.0.0' is not three octets of a loopback address/],
    ['a bad octet', { hosts: 1, addressBlock: '127.0.300' }, /--block '127.0.300' has an octet above 255/],
    ['a bad prefix', { hosts: 1, addressBlock: '127.0.21', namePrefix: 'Node_' }, /--prefix 'Node_' is not a lower-case name/],
    ['a bad port', { hosts: 1, addressBlock: '127.0.21', port: 70000 }, /--port 70000 is not a TCP port/],
  ] satisfies [string, Omit<LabUpOptions, 'dir'>, RegExp][])('%s', async (_case, options, message) => {
    const dir = await scratch([]);
    await expect(labUp({ ...options, dir, etcdArchive: false })).rejects.toThrow(message);
  });

  it('a directory with a blank in its path', async () => {
    await expect(labUp({ dir: join(tmpdir(), 'quorum lab'), hosts: 1, addressBlock: '127.0.21', etcdArchive: false })).rejects.toThrow(
      /has characters overlay mounts cannot take/,
    );
  });

  it('a directory that is not empty and holds no lab: up refuses it and down leaves it alone', async () => {
    const dir = await scratch(['notes.txt']);
    await expect(labUp({ dir, hosts: 1, addressBlock: '127.0.21', etcdArchive: false })).rejects.toThrow(/is not empty and holds no lab/);
    await expect(labDown(dir)).rejects.toThrow(/holds no lab \(no lab.json\): not removing it/);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('user data\n');
  });

  it('an existing lab asked for another block', async () => {
    const dir = testLabDir('127.0.21');
    await labDown(dir);
    await labUp({ dir, hosts: 1, addressBlock: '127.0.21', etcdArchive: false });
    await expect(labUp({ dir, hosts: 1, addressBlock: '127.0.22', etcdArchive: false })).rejects.toThrow(
      /already uses block 127\.0\.21 \(asked: 127\.0\.22\)/,
    );
    await labDown(dir);
  });

  it('records the etcd version inventories/lab deploys, and keeps it at the next up', async () => {
    const dir = testLabDir('127.0.21');
    await labDown(dir);
    const playbook = join(repoRoot, 'test', 'fixtures', 'lab', 'etcd-version.yml');
    const inventory = join(repoRoot, 'inventories', 'lab');
    const deployed = async () => {
      const r = await quorumCli(['run', playbook, '-i', inventory, '-e', `quorum_lab_dir=${dir}`, '--plain']);
      expect(r.rc, r.stdout + r.stderr).toBe(0);
      return [...new Set(r.stdout.match(/etcd_version=\S+?(?=")/g))];
    };
    try {
      const lab = await labUp({ dir, hosts: 1, addressBlock: '127.0.21', etcdArchive: false, etcdVersion: '3.5.16' });
      expect(lab.etcdVersion).toBe('3.5.16');
      expect(JSON.parse(await readFile(join(dir, 'lab.json'), 'utf8')).etcdVersion).toBe('3.5.16');
      expect(await deployed()).toEqual(['etcd_version=3.5.16']);
      await labUp({ dir, hosts: 1, etcdArchive: false });
      expect(await deployed()).toEqual(['etcd_version=3.5.16']);
      // -e wins over the lab's version, as upgrade.yml is run.
      const r = await quorumCli(['run', playbook, '-i', inventory, '-e', `quorum_lab_dir=${dir}`, '-e', 'etcd_version=3.4.23', '--plain']);
      expect(r.stdout).toContain('etcd_version=3.4.23');
    } finally {
      await labDown(dir);
    }
  });

  it('down still ends the hosts of a lab whose directory was deleted by hand', async () => {
    const dir = testLabDir('127.0.21');
    await labDown(dir);
    const lab = await labUp({ dir, hosts: 2, addressBlock: '127.0.21', etcdArchive: false });
    const fingerprint = namespaceFingerprint(join(lab.dir, 'hosts'));
    expect((await processesInNamespacesMatching(fingerprint)).length).toBeGreaterThanOrEqual(2);
    await rm(lab.dir, { recursive: true, force: true });
    await labDown(dir);
    expect(await processesInNamespacesMatching(fingerprint)).toEqual([]);
  });

  it('a second lab on an address block in use', async () => {
    const dir = testLabDir('127.0.21');
    await labDown(dir);
    await labUp({ dir, hosts: 1, addressBlock: '127.0.21', etcdArchive: false });
    const other = await scratch([]);
    try {
      await expect(labUp({ dir: other, hosts: 1, addressBlock: '127.0.21', etcdArchive: false })).rejects.toThrow(
        'lab host h1 (127.0.21.1:22) did not start: Address already in use',
      );
    } finally {
      await labDown(other);
      await labDown(dir);
    }
  });

  it('the CLI turns a bad option into one line and exit 5, never a stack trace', async () => {
    const result = await quorumCli(['lab', 'up', '--hosts', '0', '--dir', await scratch([]), '--no-archive']);
    expect(result.rc).toBe(5);
    expect(result.stderr.trim().split('\n')[0]).toBe('lab: --hosts 0 is not a whole number from 1 to 254');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.each([['up'], ['status'], ['down']])('the CLI refuses `lab %s` to a user other than root, in one line with exit 1', async (command) => {
    const result = await runProgram('setpriv', [
      '--reuid=nobody', '--regid=nogroup', '--clear-groups',
      process.execPath, join(repoRoot, 'bin', 'quorum.js'), 'lab', command, '--dir', join(tmpdir(), 'quorum-lab-not-root'),
    ]);
    expect(result.rc).toBe(1);
    expect(result.stderr).toBe(
      'quorum lab needs root: it mounts private trees and starts an sshd per host in namespaces of its own\n  hint: run it as root, e.g. `sudo quorum lab up`\n',
    );
  });

  it('the CLI reports a missing lab on status with exit 1', async () => {
    const result = await quorumCli(['lab', 'status', '--dir', join(await scratch([]), 'none')]);
    expect(result.rc).toBe(1);
    expect(result.stdout).toMatch(/^no lab in .*none \(start one with `quorum lab up`\)$/m);
  });
});

describe('settings of up: options reconciled with the lab already there', () => {
  const lab3: ExistingLabShape = { addressBlock: '127.0.30', namePrefix: 'n', port: 2222, hostCount: 3 };
  it.each([
    ['defaults', { hosts: 3 }, undefined, { addressBlock: '127.0.10', namePrefix: 'h', port: 22, hostCount: 3 }],
    ['all given', { hosts: 2, addressBlock: '127.1.2', namePrefix: 'etcd-', port: 2022 }, undefined, { addressBlock: '127.1.2', namePrefix: 'etcd-', port: 2022, hostCount: 2 }],
    ['an existing lab keeps its shape', { hosts: 1 }, lab3, { addressBlock: '127.0.30', namePrefix: 'n', port: 2222, hostCount: 3 }],
    ['an existing lab grows', { hosts: 5, addressBlock: '127.0.30' }, lab3, { addressBlock: '127.0.30', namePrefix: 'n', port: 2222, hostCount: 5 }],
  ] satisfies [string, Omit<LabUpOptions, 'dir'>, ExistingLabShape | undefined, ExistingLabShape][])('%s', (_case, options, existing, expected) => {
    expect(resolveLabSettings({ dir: '/unused', ...options }, existing)).toEqual(expected);
  });

  it.each([
    [{ hosts: 3, namePrefix: 'm' }, /already uses prefix n \(asked: m\)/],
    [{ hosts: 3, port: 22 }, /already uses port 2222 \(asked: 22\)/],
    [{ hosts: 2.5 }, /--hosts 2.5 is not a whole number/],
  ] satisfies [Omit<LabUpOptions, 'dir'>, RegExp][])('%o is refused', (options, message) => {
    expect(() => resolveLabSettings({ dir: '/unused', ...options }, lab3)).toThrow(message);
  });

  it.each([
    [{ addressBlock: '127.0.10', namePrefix: 'h', hostCount: 2 }, [['h1', '127.0.10.1'], ['h2', '127.0.10.2']]],
    [{ addressBlock: '127.9.9', namePrefix: 'etcd-', hostCount: 1 }, [['etcd-1', '127.9.9.1']]],
  ] satisfies [Parameters<typeof plannedHosts>[0], string[][]][])('plans hosts for %o', (settings, expected) => {
    expect(plannedHosts(settings).map((h) => [h.name, h.address])).toEqual(expected);
  });
});

describe('pure parts of the lab', () => {
  it.each([
    ['/home/sre/quorum/.lab', undefined],
    ['/tmp/quorum-test-lab-127.0.20', undefined],
    ['/tmp/a lab', /has characters overlay mounts cannot take/],
    ['/tmp/a,b', /has characters overlay mounts cannot take/],
    ['/var/tmp/lab', /is inside \/var, which every lab host overlays/],
    ['/etc', /is inside \/etc/],
    ['/opt/x/.lab', /is inside \/opt/],
    ['/optional/lab', undefined],
  ])('lab dir %s', (dir, problem) => {
    const found = labDirProblem(dir);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(problem);
  });

  it.each([
    ['127.0.20.1', 22, 'ssh-ed25519 AAAAkey h1 (quorum lab)', '127.0.20.1 ssh-ed25519 AAAAkey'],
    ['127.0.20.1', 2222, 'ssh-ed25519 AAAAkey', '[127.0.20.1]:2222 ssh-ed25519 AAAAkey'],
  ])('known_hosts line for %s port %i', (address, port, key, line) => {
    expect(knownHostsLine(address, port, key)).toBe(line);
  });

  it('refuses a host key that is not a public key line', () => {
    expect(() => knownHostsLine('127.0.20.1', 22, '')).toThrow("the host key of 127.0.20.1 is not an OpenSSH public key line: ''");
  });

  it.each([
    ['etcd', [{ path: '/usr/bin/etcd', isElf: true }], '/usr/bin/etcd'],
    ['etcd', [{ path: '/usr/bin/etcd', isElf: false }, { path: '/usr/lib/etcd/etcd.real', isElf: true }], '/usr/lib/etcd/etcd.real'],
    ['etcd', [{ path: '/usr/bin/etcdctl', isElf: true }], undefined],
    ['etcdctl', [{ path: '/usr/bin/etcdctl', isElf: false }], undefined],
  ])('chooses the real %s among %o', (name, candidates, expected) => {
    expect(chooseBinary(name, candidates)).toBe(expected);
  });

  it.each([
    ['etcd Version: 3.4.23\nGit SHA: Not provided\n', '3.4.23'],
    ['etcdctl version: 3.4.23\nAPI version: 3.4\n', '3.4.23'],
    ['etcd Version: v3.5.17\n', '3.5.17'],
    ['etcdutl version: 3.5.16\nAPI version: 3.5\n', '3.5.16'],
    ['Error: unknown flag: --version\n', undefined],
  ])('reads the version in %j', (output, version) => {
    expect(parseEtcdVersion(output)).toBe(version);
  });

  it.each([
    [['sshd', 'ssh-keygen', 'ssh'], ['openssh-client', 'openssh-server'], 'apt-get install -y --no-install-recommends openssh-client openssh-server'],
    [['sudo', 'visudo', 'unshare'], ['sudo', 'util-linux'], 'apt-get install -y --no-install-recommends sudo util-linux'],
  ] satisfies [(keyof typeof hostPrograms)[], string[], string][])('missing %o -> packages %o', (missing, packages, command) => {
    expect(packagesFor(hostPrograms, missing)).toEqual(packages);
    expect(aptInstallCommand(packages)).toBe(command);
  });

  it.each([
    ['/usr/local', '/L/usr-local/upper'],
    ['/etc', '/L/etc/upper'],
  ])('overlays %s with its upper layer at %s', (tree, upper) => {
    expect(overlayLayers('/L').find((l) => l.tree === tree)?.upperDir).toBe(upper);
  });

  it('renders an inventory whose hosts, groups and connection variables parse back', () => {
    const hosts: LabHost[] = [1, 2].map((i) => ({ name: `h${i}`, address: `127.0.10.${i}`, port: 22, user: 'quorum-lab', privateKeyFile: '/L/id_ed25519' }));
    const parsed = parse(renderInventory({ hosts, user: 'quorum-lab', privateKeyFile: '/L/id_ed25519', knownHostsFile: '/L/known_hosts' })) as unknown;
    expect(parsed).toEqual({
      all: {
        vars: {
          ansible_user: 'quorum-lab',
          ansible_ssh_private_key_file: '/L/id_ed25519',
          ansible_ssh_common_args: '-o UserKnownHostsFile=/L/known_hosts -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes',
          quorum_known_hosts_file: '/L/known_hosts',
          ansible_python_interpreter: '/usr/bin/python3',
        },
        children: {
          lab: { hosts: { h1: { ansible_host: '127.0.10.1', ansible_port: 22 }, h2: { ansible_host: '127.0.10.2', ansible_port: 22 } } },
          etcd: { hosts: { h1: null, h2: null } },
        },
      },
    });
  });

  it.each([
    ['3.4.23', 'amd64', 'etcd-v3.4.23-linux-amd64'],
    ['3.5.17', 'arm64', 'etcd-v3.5.17-linux-arm64'],
  ])('release name of %s on %s', (version, arch, name) => {
    expect(releaseName(version, arch)).toBe(name);
  });
});

describe("the etcd release archive from Debian's binaries", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('holds etcd-v<version>-linux-amd64/ with etcd, etcdctl and README.md, and its sha256 file checks', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-lab-archive-'));
    dirs.push(dir);
    const archive = await buildEtcdArchive(dir);
    expect(archive.version).toBe('3.4.23');
    expect(archive.path).toBe(join(dir, 'etcd-v3.4.23-linux-amd64.tar.gz'));
    const listing = await run('tar', ['-tzf', archive.path], { encoding: 'utf8' });
    expect(listing.stdout.trim().split('\n')).toEqual([
      'etcd-v3.4.23-linux-amd64/',
      'etcd-v3.4.23-linux-amd64/README.md',
      'etcd-v3.4.23-linux-amd64/etcd',
      'etcd-v3.4.23-linux-amd64/etcdctl',
    ]);
    expect(await sha256OfFile(archive.path)).toBe(archive.sha256);
    expect(await readFile(`${archive.path}.sha256`, 'utf8')).toBe(sha256Line(archive.sha256, archive.path));
    const checked = await run('sha256sum', ['-c', `${archive.path}.sha256`], { cwd: dir, encoding: 'utf8' });
    expect(checked.stdout).toBe('etcd-v3.4.23-linux-amd64.tar.gz: OK\n');
    // The packed etcd is the machine's real binary: it runs and names its version.
    const unpacked = join(dir, 'unpacked');
    await mkdir(unpacked);
    await run('tar', ['-xzf', archive.path, '-C', unpacked]);
    const version = await run(join(unpacked, 'etcd-v3.4.23-linux-amd64', 'etcd'), ['--version'], { encoding: 'utf8' });
    expect(version.stdout).toMatch(/^etcd Version: 3\.4\.23$/m);
    // Built again, it is kept; built elsewhere, it is byte for byte the same (reproducible).
    expect(await buildEtcdArchive(dir)).toEqual(archive);
    // The shared one test files install from (test/support/lab.ts) is built elsewhere: the same bytes.
    const shared = await testEtcdArchive();
    expect(shared.path).not.toBe(archive.path);
    expect(shared.sha256).toBe(archive.sha256);
  });

  // scripts/setup.sh fetches Debian trixie's 3.5.16 into the cache (scripts/fetch-etcd.sh): CI has it.
  it('packs etcd 3.5.16 from the cache with etcdutl, beside 3.4.23, and refuses a version it does not have', { timeout: 180_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'quorum-lab-archive-'));
    dirs.push(dir);
    const archives = await buildEtcdArchives(dir);
    expect(archives.map((a) => a.version)).toEqual(['3.4.23', '3.5.16']);
    const next = archives[1]!;
    expect(next.path).toBe(join(dir, 'etcd-v3.5.16-linux-amd64.tar.gz'));
    const listing = await run('tar', ['-tzf', next.path], { encoding: 'utf8' });
    expect(listing.stdout.trim().split('\n')).toEqual([
      'etcd-v3.5.16-linux-amd64/',
      'etcd-v3.5.16-linux-amd64/README.md',
      'etcd-v3.5.16-linux-amd64/etcd',
      'etcd-v3.5.16-linux-amd64/etcdctl',
      'etcd-v3.5.16-linux-amd64/etcdutl',
    ]);
    const checked = await run('sha256sum', ['-c', `${next.path}.sha256`], { cwd: dir, encoding: 'utf8' });
    expect(checked.stdout).toBe('etcd-v3.5.16-linux-amd64.tar.gz: OK\n');
    const unpacked = join(dir, 'unpacked-3.5');
    await mkdir(unpacked);
    await run('tar', ['-xzf', next.path, '-C', unpacked]);
    const tree = join(unpacked, 'etcd-v3.5.16-linux-amd64');
    expect((await run(join(tree, 'etcd'), ['--version'], { encoding: 'utf8' })).stdout).toMatch(/^etcd Version: 3\.5\.16$/m);
    expect((await run(join(tree, 'etcdutl'), ['version'], { encoding: 'utf8' })).stdout).toMatch(/^etcdutl version: 3\.5\.16$/m);
    expect(await readFile(join(tree, 'README.md'), 'utf8')).toContain('scripts/fetch-etcd.sh');
    expect(await buildEtcdArchive(dir, { version: '3.5.16' })).toEqual(next);
    await expect(buildEtcdArchive(dir, { version: '3.6.0' })).rejects.toThrow('the lab has no etcd 3.6.0: it has 3.4.23, 3.5.16');
  });
});
