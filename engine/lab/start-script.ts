import { shellQuote } from '../connect/local.js';
import type { HostPaths, OverlayLayer } from './layout.js';

export interface StartScriptInput {
  name: string;
  address: string;
  layers: readonly OverlayLayer[];
  paths: Pick<HostPaths, 'sshdConfigFile' | 'logFile'>;
  sshdPath: string;
}

/**
 * How a host is started: namespaces of its own for mounts, hostname and pids (with its own /proc), so that
 * `ps`, `pgrep etcd` and `pkill etcd` on a host see that host's processes only, as on a real machine.
 * unshare forks the start script as the first process of the new pid namespace and waits for it.
 */
export function unshareArgs(startScript: string): string[] {
  return ['--mount', '--uts', '--pid', '--fork', '--mount-proc', '--propagation', 'private', '/bin/sh', startScript];
}

/**
 * The script unshare runs to become one lab host: it overlays the private trees, gives the host an empty
 * /run as a boot would, names it, and execs sshd in the foreground as the host's pid 1 (sshd reaps the
 * orphans a pid 1 inherits, and when it ends the kernel ends every process of the host). Everything a
 * session starts inherits these namespaces, which is how `down` finds it.
 */
export function renderStartScript(input: StartScriptInput): string {
  const q = shellQuote;
  const hostsLine = `${input.address}\t${input.name}`;
  return [
    'set -eu',
    `hostname ${q(input.name)}`,
    ...input.layers.map(
      (l) => `mount -t overlay overlay -o ${q(`lowerdir=${l.tree},upperdir=${l.upperDir},workdir=${l.workDir}`)} ${q(l.tree)}`,
    ),
    // A fresh /run: pidfiles of the service back end (/run/quorum) start empty, as after a reboot, and
    // sshd's privilege separation directory exists without touching the machine's /run.
    'mount -t tmpfs -o mode=0755,size=64m tmpfs /run',
    'mkdir -p /run/sshd /run/lock && chmod 1777 /run/lock',
    // The host resolves its own name (sudo looks it up); written into this host's /etc only.
    `grep -qxF ${q(hostsLine)} /etc/hosts || printf '%s\\n' ${q(hostsLine)} >> /etc/hosts`,
    `exec ${q(input.sshdPath)} -D -f ${q(input.paths.sshdConfigFile)} -E ${q(input.paths.logFile)}`,
    '',
  ].join('\n');
}
