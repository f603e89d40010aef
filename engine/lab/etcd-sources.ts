import { access, constants, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryVersion, findPackagedBinary } from './etcd-binaries.js';
import { LabError, LabErrorCode } from './errors.js';
import { requirePrograms } from './prerequisites.js';
import { archivePrograms } from './tools.js';

// Where the lab's etcd releases come from. Two kinds, both Debian builds:
//   - the machine's own etcd-server and etcd-client packages (bookworm: 3.4.23, no etcdutl);
//   - releases that scripts/fetch-etcd.sh unpacked into the cache (trixie's 3.5.16, with etcdutl), because a
//     second etcd package cannot be installed beside the first.
// Each becomes one release archive in upstream's layout (etcd-archive.ts).

/** One etcd release's programs on this machine, each checked to report `version`. */
export interface EtcdRelease {
  version: string;
  etcd: string;
  etcdctl: string;
  /** From etcd 3.5: snapshot status and restore moved from etcdctl to etcdutl. */
  etcdutl?: string;
  /** Where the programs come from, in words, for the archive's README. */
  origin: string;
}

/** The cache scripts/fetch-etcd.sh fills: one `etcd-<version>/` directory per release. */
export function etcdCacheDir(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.QUORUM_ETCD_CACHE ?? '/var/cache/quorum/etcd';
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Every program must name the release's version: a mixed directory is an error, not a release. */
async function checkedRelease(release: Omit<EtcdRelease, 'version'>, expected?: string): Promise<EtcdRelease> {
  const version = await binaryVersion(release.etcd, ['--version']);
  const others: [string, string][] = [[release.etcdctl, 'version']];
  if (release.etcdutl) others.push([release.etcdutl, 'version']);
  for (const [program, arg] of others) {
    const theirs = await binaryVersion(program, [arg]);
    if (theirs !== version) {
      throw new LabError(LabErrorCode.archive, `${release.etcd} is ${version} but ${program} is ${theirs}: an etcd release holds one version of each program`);
    }
  }
  if (expected !== undefined && version !== expected) {
    throw new LabError(LabErrorCode.archive, `${release.etcd} is ${version}, but its directory says ${expected}`, 'run `bash scripts/fetch-etcd.sh` again');
  }
  return { ...release, version };
}

/** The release of the machine's Debian etcd-server and etcd-client packages. */
export async function installedDebianRelease(options: { installMissing?: boolean } = {}): Promise<EtcdRelease> {
  const programs = await requirePrograms(archivePrograms, { installMissing: options.installMissing ?? false });
  const [etcd, etcdctl] = await Promise.all([
    findPackagedBinary(programs.dpkg, archivePrograms.etcd, 'etcd'),
    findPackagedBinary(programs.dpkg, archivePrograms.etcdctl, 'etcdctl'),
  ]);
  try {
    return await checkedRelease({ etcd, etcdctl, origin: `the machine's Debian packages (etcd from ${etcd}, etcdctl from ${etcdctl})` });
  } catch (error) {
    if (error instanceof LabError) {
      throw new LabError(LabErrorCode.archive, error.message, 'install matching packages: `apt-get install -y etcd-server etcd-client`');
    }
    throw error;
  }
}

/** The releases in the cache, oldest version first; none when the cache does not exist. */
export async function cachedReleases(cacheDir: string = etcdCacheDir()): Promise<EtcdRelease[]> {
  const entries = await readdir(cacheDir, { withFileTypes: true }).catch(() => []);
  const releases: EtcdRelease[] = [];
  for (const entry of entries) {
    const match = /^etcd-(\d+\.\d+\.\d+)$/.exec(entry.name);
    if (!entry.isDirectory() || !match) continue;
    const dir = join(cacheDir, entry.name);
    const [etcd, etcdctl, etcdutl] = ['etcd', 'etcdctl', 'etcdutl'].map((p) => join(dir, p)) as [string, string, string];
    // A directory a fetch left half-made (no etcd or etcdctl) is not a release; fetch-etcd.sh replaces it.
    if (!(await executable(etcd)) || !(await executable(etcdctl))) continue;
    const withUtl = await executable(etcdutl);
    releases.push(
      await checkedRelease({ etcd, etcdctl, ...(withUtl ? { etcdutl } : {}), origin: `Debian packages unpacked by scripts/fetch-etcd.sh into ${dir}` }, match[1]),
    );
  }
  return releases.sort((a, b) => compareVersions(a.version, b.version));
}

/** Every release the lab can pack: the machine's packages, then the cache's (a version in both: the packages'). */
export async function availableReleases(options: { installMissing?: boolean; cacheDir?: string } = {}): Promise<EtcdRelease[]> {
  const installed = await installedDebianRelease(options);
  const cached = await cachedReleases(options.cacheDir);
  return [installed, ...cached.filter((r) => r.version !== installed.version)].sort((a, b) => compareVersions(a.version, b.version));
}

/** The release (or its archive) of `version` among those available, or an error that says how to get it. */
export function pickRelease<R extends { version: string }>(releases: readonly R[], version: string, cacheDir: string = etcdCacheDir()): R {
  const found = releases.find((r) => r.version === version);
  if (found) return found;
  throw new LabError(
    LabErrorCode.archive,
    `the lab has no etcd ${version}: it has ${releases.map((r) => r.version).join(', ') || 'none'}`,
    `etcd 3.5.16 comes from \`bash scripts/fetch-etcd.sh\` (run by scripts/setup.sh) into ${cacheDir}; other versions are not packaged for the lab`,
  );
}

/** Numeric comparison of x.y.z versions. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
