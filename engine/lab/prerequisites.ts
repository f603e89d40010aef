import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { LabError, LabErrorCode } from './errors.js';
import { lastLine, runCommand } from './run-command.js';
import { aptInstallCommand, findProgram, packagesFor } from './tools.js';

export interface PrerequisiteOptions {
  /** Install missing packages with apt-get rather than failing with the command that would. */
  installMissing: boolean;
}

/** Fails unless this process is root: the lab mounts overlays and starts sshd in namespaces of its own. */
export function requireRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new LabError(
      LabErrorCode.prerequisite,
      'quorum lab needs root: it mounts private trees and starts an sshd per host in namespaces of its own',
      'run it as root, e.g. `sudo quorum lab up`',
    );
  }
}

/** Fails unless the kernel offers overlayfs, which gives each host its private copy of /etc, /var, ... */
export async function requireOverlayfs(): Promise<void> {
  const filesystems = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  if (/\toverlay$/m.test(filesystems)) return;
  // The module may simply not be loaded yet; loading it is harmless and is what a mount would do anyway.
  await runCommand('modprobe', ['overlay']);
  const again = await readFile('/proc/filesystems', 'utf8').catch(() => '');
  if (!/\toverlay$/m.test(again)) {
    throw new LabError(
      LabErrorCode.prerequisite,
      'this kernel offers no overlay filesystem (not in /proc/filesystems), which lab hosts need',
      'load it with `modprobe overlay`, or run the lab on a kernel built with CONFIG_OVERLAY_FS',
    );
  }
}

/**
 * The absolute path of every program in the table. Missing ones are installed when asked (apt-get, with
 * service start-up held back so that a freshly installed sshd or etcd does not start on the machine itself),
 * or reported with the exact command that would install them.
 */
export async function requirePrograms<K extends string>(
  table: Readonly<Record<K, string>>,
  options: PrerequisiteOptions,
): Promise<Record<K, string>> {
  const programs = Object.keys(table) as K[];
  let found = await locate(programs);
  let missing = programs.filter((p) => found.get(p) === undefined);
  if (missing.length > 0) {
    const packages = packagesFor(table, missing);
    const command = aptInstallCommand(packages);
    if (!options.installMissing) {
      throw new LabError(
        LabErrorCode.prerequisite,
        `the lab needs ${missing.join(', ')}, missing on this machine (Debian packages: ${packages.join(', ')})`,
        `install them with \`${command}\`, or run \`quorum lab up --install-missing\``,
      );
    }
    await aptInstall(packages, command);
    found = await locate(programs);
    missing = programs.filter((p) => found.get(p) === undefined);
    if (missing.length > 0) {
      throw new LabError(LabErrorCode.prerequisite, `still missing after \`${command}\`: ${missing.join(', ')}`);
    }
  }
  const paths = {} as Record<K, string>;
  for (const p of programs) paths[p] = found.get(p) ?? '';
  return paths;
}

async function locate<K extends string>(programs: readonly K[]): Promise<Map<K, string | undefined>> {
  const paths = await Promise.all(programs.map((p) => findProgram(p)));
  return new Map(programs.map((p, i) => [p, paths[i]]));
}

const policyRcD = '/usr/sbin/policy-rc.d';

async function aptInstall(packages: readonly string[], command: string): Promise<void> {
  // policy-rc.d answering 101 tells Debian's maintainer scripts not to start services; only ours is removed.
  const hadPolicy = await access(policyRcD).then(
    () => true,
    () => false,
  );
  if (!hadPolicy) await writeFile(policyRcD, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    const update = await runCommand('apt-get', ['update', '-qq']);
    if (update.rc !== 0) {
      throw new LabError(LabErrorCode.prerequisite, `apt-get update failed: ${lastLine(update.stderr)}`, `run \`${command}\` by hand`);
    }
    const install = await runCommand('env', ['DEBIAN_FRONTEND=noninteractive', ...command.split(' ')]);
    if (install.rc !== 0) {
      throw new LabError(LabErrorCode.prerequisite, `\`${command}\` failed: ${lastLine(install.stderr)}`);
    }
  } finally {
    if (!hadPolicy) await rm(policyRcD, { force: true });
  }
}
