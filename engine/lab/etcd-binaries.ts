import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { LabError, LabErrorCode } from './errors.js';
import { lastLine, runCommand } from './run-command.js';

export interface BinaryCandidate {
  path: string;
  isElf: boolean;
}

/**
 * Picks the real program among a package's files: the ELF file named exactly `name`, or failing that an ELF
 * file named like it (`etcd.real`, `etcd-bin`) for packagings where `name` itself is a wrapper script.
 */
export function chooseBinary(name: string, candidates: readonly BinaryCandidate[]): string | undefined {
  const elves = candidates.filter((c) => c.isElf);
  const exact = elves.find((c) => basename(c.path) === name);
  if (exact) return exact.path;
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const alike = new RegExp(`^${escaped}[._-]`);
  return elves.find((c) => alike.test(basename(c.path)))?.path;
}

/** The version a `--version` output names: `etcd Version: 3.4.23`, `etcdctl version: 3.4.23`, `etcdutl version: 3.5.16`. */
export function parseEtcdVersion(output: string): string | undefined {
  return /^etcd(?:ctl|utl)? version:\s*v?(\d+\.\d+\.\d+\S*)/im.exec(output)?.[1];
}

async function isElf(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(4);
    await handle.read(head, 0, 4, 0);
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  } finally {
    await handle.close();
  }
}

/** The real binary of `name` among the files Debian's package installed (`dpkg -L`). */
export async function findPackagedBinary(dpkg: string, debianPackage: string, name: string): Promise<string> {
  const listed = await runCommand(dpkg, ['-L', debianPackage]);
  if (listed.rc !== 0) {
    throw new LabError(
      LabErrorCode.archive,
      `cannot list the files of Debian package ${debianPackage}: ${lastLine(listed.stderr)}`,
      `install it with \`apt-get install -y ${debianPackage}\``,
    );
  }
  const files = listed.stdout.split('\n').filter((p) => /\/(s?bin|lib|libexec)\//.test(p));
  const candidates: BinaryCandidate[] = [];
  for (const path of files) {
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && (info.mode & 0o111) !== 0) candidates.push({ path, isElf: await isElf(path) });
  }
  const chosen = chooseBinary(name, candidates);
  if (!chosen) {
    throw new LabError(
      LabErrorCode.archive,
      `Debian package ${debianPackage} holds no ${name} program (looked at ${candidates.map((c) => c.path).join(', ') || 'nothing executable'})`,
    );
  }
  return chosen;
}

/** The version a binary reports about itself (`etcd --version`, but `etcdctl version`). */
export async function binaryVersion(binary: string, versionArgs: readonly string[]): Promise<string> {
  const ran = await runCommand(binary, versionArgs);
  const version = parseEtcdVersion(ran.stdout);
  if (ran.rc !== 0 || !version) {
    throw new LabError(LabErrorCode.archive, `${binary} ${versionArgs.join(' ')} did not name a version: ${lastLine(ran.stdout + ran.stderr)}`);
  }
  return version;
}
