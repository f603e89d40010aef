import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { availableReleases, installedDebianRelease, pickRelease, type EtcdRelease } from './etcd-sources.js';
import { LabError, LabErrorCode } from './errors.js';
import { requirePrograms } from './prerequisites.js';
import { lastLine, runCommand } from './run-command.js';
import { archivePrograms } from './tools.js';
import type { EtcdArchive } from './types.js';
import { writeFileAtomic } from './write-file-atomic.js';

// Node's names for CPU architectures -> the names in etcd's release file names.
const releaseArch: Readonly<Partial<Record<NodeJS.Architecture, string>>> = {
  x64: 'amd64',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
};

/** `etcd-v3.4.23-linux-amd64`: the directory and file stem of an upstream release. */
export function releaseName(version: string, arch: string): string {
  return `etcd-v${version}-linux-${arch}`;
}

/** The `.sha256` file's text, in sha256sum's format, so that `sha256sum -c` checks the archive. */
export function sha256Line(sha256: string, archivePath: string): string {
  return `${sha256}  ${basename(archivePath)}\n`;
}

function readme(release: EtcdRelease): string {
  const programs = ['etcd', 'etcdctl', ...(release.etcdutl ? ['etcdutl'] : [])].join(', ');
  return [
    `# etcd v${release.version} for the quorum lab`,
    '',
    "This archive has the layout of etcd's upstream release archives, so that the etcd_install role takes",
    'the same path (download, check the sha256, unpack, copy the binaries) in the lab as in production.',
    `Its programs (${programs}) are Debian builds, not upstream ones: ${release.origin}.`,
    'Built by `quorum lab up` (or `quorum lab archive`).',
    '',
  ].join('\n');
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The archive already in `outDir`, if its .sha256 file matches its bytes. */
async function existingArchive(path: string, version: string): Promise<EtcdArchive | undefined> {
  const recorded = await readFile(`${path}.sha256`, 'utf8').catch(() => undefined);
  if (recorded === undefined) return undefined;
  const sha256 = await sha256OfFile(path).catch(() => undefined);
  if (sha256 === undefined || recorded !== sha256Line(sha256, path)) return undefined;
  return { path, sha256, version };
}

/**
 * Builds the archive of one etcd release of the lab (etcd-sources.ts): the version asked for, or by default the
 * machine's Debian packages'.
 */
export async function buildEtcdArchive(outDir: string, options: { installMissing?: boolean; version?: string } = {}): Promise<EtcdArchive> {
  if (options.version === undefined) return packEtcdRelease(outDir, await installedDebianRelease(options));
  return packEtcdRelease(outDir, pickRelease(await availableReleases(options), options.version));
}

/** Builds the archive of every etcd release the lab has, oldest version first. */
export async function buildEtcdArchives(outDir: string, options: { installMissing?: boolean } = {}): Promise<EtcdArchive[]> {
  const releases = await availableReleases(options);
  // One after another: each is a gzip of 40-60 MB on a 2-core machine.
  const archives: EtcdArchive[] = [];
  for (const release of releases) archives.push(await packEtcdRelease(outDir, release));
  return archives;
}

/**
 * Packs `<outDir>/etcd-v<version>-linux-<arch>.tar.gz` (directory `etcd-v<version>-linux-<arch>/` with etcd,
 * etcdctl, etcdutl when the release has it, and README.md), with `<archive>.sha256` beside it. The archive is
 * reproducible (sorted entries, owner 0, the binary's mtime, gzip without a timestamp), and an archive already
 * there whose sha256 file matches is kept.
 */
export async function packEtcdRelease(outDir: string, release: EtcdRelease): Promise<EtcdArchive> {
  const programs = await requirePrograms({ tar: archivePrograms.tar, gzip: archivePrograms.gzip }, { installMissing: false });
  const arch = releaseArch[process.arch];
  if (!arch) throw new LabError(LabErrorCode.archive, `etcd publishes no release for the ${process.arch} architecture`);
  const { version } = release;
  const name = releaseName(version, arch);
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, `${name}.tar.gz`);
  const kept = await existingArchive(path, version);
  if (kept) return kept;

  const staging = await mkdtemp(join(outDir, '.staging-'));
  try {
    const tree = join(staging, name);
    await mkdir(tree, { mode: 0o755 });
    const binaries: [string, string][] = [
      ['etcd', release.etcd],
      ['etcdctl', release.etcdctl],
      ...(release.etcdutl ? ([['etcdutl', release.etcdutl]] as [string, string][]) : []),
    ];
    for (const [file, from] of binaries) {
      await copyFile(from, join(tree, file));
      await chmod(join(tree, file), 0o755);
    }
    await writeFile(join(tree, 'README.md'), readme(release), { mode: 0o644 });
    const mtime = Math.floor((await stat(release.etcd)).mtimeMs / 1000);
    const packed = join(staging, `${name}.tar.gz`);
    const tar = await runCommand(programs.tar, [
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      `--mtime=@${mtime}`,
      // -1: the archive is rebuilt per lab and in tests; compressing harder costs seconds and saves little.
      `--use-compress-program=${programs.gzip} -n -1`,
      '-C',
      staging,
      '-cf',
      packed,
      name,
    ]);
    if (tar.rc !== 0) throw new LabError(LabErrorCode.archive, `tar could not pack ${name}: ${lastLine(tar.stderr)}`);
    const sha256 = await sha256OfFile(packed);
    await rename(packed, path);
    await writeFileAtomic(`${path}.sha256`, sha256Line(sha256, path), 0o644);
    return { path, sha256, version };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
