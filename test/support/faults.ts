import { execFile } from 'node:child_process';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { hostPaths, namespaceFingerprint } from '../../engine/lab/layout.js';
import { processesInNamespacesMatching } from '../../engine/lab/namespaces.js';

// Faults the bad-day tests inject into a lab host, from outside quorum, as the real ones would come:
// - cutting one SSH connection: the sshd processes that hold the TCP connection a given controller process has
//   to the host's port 22 are SIGKILLed (that session dies; the host's sshd and other sessions stay);
// - partitioning a member from its peers on loopback: every process of the host (its sshd, sessions, etcd) is put
//   into a cgroup of its own, and nftables drops port 2380 traffic of sockets in that cgroup and to and from the
//   host's peer address. A member's outgoing peer connections leave from 127.0.0.1 on loopback (DESIGN.md), so
//   the cgroup is what tells them apart. Sockets opened after the move are caught: a member restarted then is
//   cut off from its peers, while clients still reach it on 2379. Needs root, nft and a cgroup2 mount.

const run = promisify(execFile);

/** SIGKILLs the sshd processes serving the connection that process `pid` holds to `address`:22; their pids. */
export async function cutSshConnection(pid: number, address: string): Promise<number[]> {
  const { stdout } = await run('ss', ['-tnpH', 'state', 'established']);
  const lines = stdout.split('\n');
  const own = lines.find((l) => l.includes(` ${address}:22 `) && l.includes(`pid=${pid},`));
  const local = own?.trim().split(/\s+/)[2];
  if (local === undefined) throw new Error(`process ${pid} has no SSH connection to ${address}:22 (ss: ${stdout.slice(0, 500)})`);
  const serving = lines.find((l) => {
    const fields = l.trim().split(/\s+/);
    return fields[2] === `${address}:22` && fields[3] === local;
  });
  const pids = [...(serving ?? '').matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  if (pids.length === 0) throw new Error(`no sshd process serves ${local} -> ${address}:22`);
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch (error) {
      // The session's other process ends with the first one killed.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  return pids;
}

/** Every process in the lab host's mount namespace, found from /proc alone (no login: fast under load). */
export async function labHostPids(labDir: string, host: string): Promise<number[]> {
  return processesInNamespacesMatching(namespaceFingerprint(hostPaths(resolve(labDir), host).dir));
}

/**
 * SIGKILLs the host's etcd directly (no SSH round trip: the kill lands at once); its pid. The pid is the one the
 * service back end recorded (/run/quorum/etcd.pid, read through a host process's root): a stopped etcd may linger
 * as a zombie under the same name, and killing that would kill nothing.
 */
export async function killEtcd(labDir: string, host: string): Promise<number> {
  const pids = await labHostPids(labDir, host);
  let recorded: string | undefined;
  for (const inside of pids) {
    recorded ??= (await readFile(`/proc/${inside}/root/run/quorum/etcd.pid`, 'utf8').catch(() => undefined))?.trim();
  }
  if (recorded === undefined) throw new Error(`no etcd pidfile on lab host ${host}`);
  // The host has a pid namespace of its own: the pidfile holds the pid as seen inside it (NSpid's last field).
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const nspid = /^NSpid:\s+(.*)$/m.exec(status)?.[1]?.trim().split(/\s+/).at(-1);
    if (nspid === recorded && !/^State:\s+Z/m.test(status)) {
      process.kill(pid, 'SIGKILL');
      return pid;
    }
  }
  throw new Error(`lab host ${host}: no live process has pid ${recorded} of its pidfile`);
}

async function cgroup2Mount(): Promise<string> {
  const mounts = await readFile('/proc/mounts', 'utf8');
  const line = mounts.split('\n').find((l) => l.split(' ')[2] === 'cgroup2');
  if (!line) throw new Error('no cgroup2 mount: a partition needs one');
  return line.split(' ')[1]!;
}

export interface Partition {
  /** Lifts it: the rules go, the processes go back to the root cgroup. Safe to call twice. */
  heal(): Promise<void>;
}

/** Cuts `host` (lab address `address`) off from its peers' port 2380, leaving its clients' port alone. */
export async function partitionFromPeers(labDir: string, host: string, address: string): Promise<Partition> {
  const mount = await cgroup2Mount();
  const name = `quorum-test-${address}`;
  const dir = join(mount, name);
  // nft resolves the path from /sys/fs/cgroup; on a hybrid machine cgroup2 lives below it (unified/).
  const nftPath = join(mount.replace(/^\/sys\/fs\/cgroup\/?/, ''), name);
  const table = `quorum_test_${address.replace(/\./g, '_')}`;
  await mkdir(dir, { recursive: true });
  const move = async (target: string) => {
    for (const pid of await labHostPids(labDir, host)) await writeFile(join(target, 'cgroup.procs'), `${pid}\n`).catch(() => undefined);
  };
  await move(dir);
  const rules = [
    `add table inet ${table}`,
    `add chain inet ${table} out { type filter hook output priority 0; }`,
    `add rule inet ${table} out socket cgroupv2 level 1 "${nftPath}" tcp dport 2380 drop`,
    `add rule inet ${table} out ip daddr ${address} tcp dport 2380 drop`,
    `add rule inet ${table} out ip saddr ${address} tcp sport 2380 drop`,
  ];
  const file = join(labDir, `${table}.nft`);
  await writeFile(file, `${rules.join('\n')}\n`);
  await run('nft', ['-f', file]);
  let healed = false;
  return {
    async heal() {
      if (healed) return;
      healed = true;
      await run('nft', ['delete', 'table', 'inet', table]).catch(() => undefined);
      const procs = (await readFile(join(dir, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
      for (const pid of procs) await writeFile(join(mount, 'cgroup.procs'), `${pid}\n`).catch(() => undefined);
      await rmdir(dir).catch(() => undefined);
    },
  };
}

/** Whether this machine can partition lab hosts (root, nft, cgroup2); the reason when not. */
export async function partitionUnsupported(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'not root';
  try {
    await run('nft', ['--version']);
  } catch {
    return 'nft is not installed (scripts/setup.sh installs nftables)';
  }
  try {
    await cgroup2Mount();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}
