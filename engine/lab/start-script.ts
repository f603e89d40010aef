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
 * The script `unshare --mount --uts --propagation private` runs to become one lab host: it overlays the
 * private trees, gives the host an empty /run as a boot would, names it, and execs sshd, which daemonizes.
 * Everything a session starts later inherits this namespace, which is how `down` finds it.
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
    `exec ${q(input.sshdPath)} -f ${q(input.paths.sshdConfigFile)} -E ${q(input.paths.logFile)}`,
    '',
  ].join('\n');
}
