import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

// Each program the lab runs, with the Debian package that ships it (what `apt-get install` would need).

/** Programs every lab needs: to start hosts, create the login user, and check logins. */
export const hostPrograms = {
  sshd: 'openssh-server',
  'ssh-keygen': 'openssh-client',
  ssh: 'openssh-client',
  sudo: 'sudo',
  visudo: 'sudo',
  unshare: 'util-linux',
  mount: 'mount',
  hostname: 'hostname',
  useradd: 'passwd',
} as const;
export type HostProgram = keyof typeof hostPrograms;

/** Programs the etcd release archive needs: Debian's etcd binaries and the tools that pack them. */
export const archivePrograms = {
  etcd: 'etcd-server',
  etcdctl: 'etcd-client',
  dpkg: 'dpkg',
  tar: 'tar',
  gzip: 'gzip',
} as const;
export type ArchiveProgram = keyof typeof archivePrograms;

// sshd, useradd and visudo live in sbin, which a non-login shell's PATH often lacks.
const sbinDirs = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];

/** The absolute path of a program, searching PATH and then the sbin directories; undefined when absent. */
export async function findProgram(command: string, pathVariable: string = process.env.PATH ?? ''): Promise<string | undefined> {
  const dirs = [...pathVariable.split(delimiter).filter((d) => d.startsWith('/')), ...sbinDirs];
  for (const dir of dirs) {
    const candidate = join(dir, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; try the next
    }
  }
  return undefined;
}

/** The packages that would provide the missing programs, each once, in a stable order. */
export function packagesFor<K extends string>(table: Readonly<Record<K, string>>, missing: readonly K[]): string[] {
  return [...new Set(missing.map((program) => table[program]))].sort();
}

/** The exact command that installs them, as printed to the user and as run by --install-missing. */
export function aptInstallCommand(packages: readonly string[]): string {
  return `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}
