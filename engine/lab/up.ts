import { ensureHostUp } from './host.js';
import { renderInventory } from './inventory.js';
import { ensureKeyPair } from './keys.js';
import { knownHostsLine } from './known-hosts.js';
import { isEmptyDir, prepareLabDir } from './lab-dir.js';
import { labPaths, labUser } from './layout.js';
import { ensureLoginUser } from './login-user.js';
import { LabError, LabErrorCode } from './errors.js';
import { buildEtcdArchives } from './etcd-archive.js';
import { pickRelease } from './etcd-sources.js';
import { requireOverlayfs, requirePrograms, requireRoot } from './prerequisites.js';
import { plannedHosts, resolveLabSettings } from './settings.js';
import { readLabState, writeLabState } from './state.js';
import { hostPrograms } from './tools.js';
import type { EtcdArchive, Lab, LabHost, LabUpOptions } from './types.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Brings a lab up: N sandbox hosts, each with its own loopback address, sshd, host key and private trees.
 * Idempotent: hosts already up stay up (their sessions and processes untouched), missing or dead ones are
 * started, and asking for more hosts than the lab has adds the difference. Hosts start in parallel.
 */
export async function labUp(options: LabUpOptions): Promise<Lab> {
  requireRoot();
  await requireOverlayfs();
  const programs = await requirePrograms(hostPrograms, { installMissing: options.installMissing ?? false });
  const dir = await prepareLabDir(options.dir);
  const paths = labPaths(dir);
  const existing = await readLabState(paths.stateFile);
  if (!existing && !(await isEmptyDir(dir))) {
    // `down` removes the whole directory, so a lab only ever starts in an empty (or new) one.
    throw new LabError(LabErrorCode.dir, `${dir} is not empty and holds no lab (no lab.json)`, 'choose a new or empty directory with --dir');
  }
  const settings = resolveLabSettings(options, existing);
  const user = existing?.user ?? labUser;
  const etcdVersion = options.etcdVersion ?? existing?.etcdVersion;
  // Recorded before anything starts, so that `down` cleans up after an `up` that fails half way.
  await writeLabState(paths.stateFile, { format: 1, ...settings, user, ...(etcdVersion ? { etcdVersion } : {}) });

  const archive: Promise<{ chosen: EtcdArchive; all: EtcdArchive[] } | undefined> =
    options.etcdArchive === false
      ? Promise.resolve(undefined)
      : buildEtcdArchives(paths.distDir, { installMissing: options.installMissing ?? false }).then(async (all) => {
          // Without a version asked for or recorded, the lab deploys the machine's Debian etcd, the first built.
          const chosen = etcdVersion === undefined ? all[0]! : pickRelease(all, etcdVersion);
          if (etcdVersion === undefined) await writeLabState(paths.stateFile, { format: 1, ...settings, user, etcdVersion: chosen.version });
          return { chosen, all };
        });
  // Settled right away so that a failure there is reported after the hosts, never as an unhandled rejection.
  const archiveOutcome = archive.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

  await ensureLoginUser(user, programs);
  const clientKey = await ensureKeyPair(programs['ssh-keygen'], paths.privateKeyFile, `quorum lab ${dir}`);
  await writeFileAtomic(paths.authorizedKeysFile, `${clientKey}\n`, 0o644);

  const planned = plannedHosts(settings);
  const outcomes = await Promise.allSettled(
    planned.map((host) =>
      ensureHostUp({ labDir: dir, host, port: settings.port, user, authorizedKeysFile: paths.authorizedKeysFile, programs }),
    ),
  );
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) {
    await archiveOutcome;
    throw failed.reason;
  }
  const hostKeys = outcomes.map((o) => (o.status === 'fulfilled' ? o.value : ''));
  const hosts: LabHost[] = planned.map((h) => ({ ...h, port: settings.port, user, privateKeyFile: paths.privateKeyFile }));
  const knownHosts = hosts.map((h, i) => knownHostsLine(h.address, h.port, hostKeys[i] ?? '')).join('\n');
  await writeFileAtomic(paths.knownHostsFile, `${knownHosts}\n`, 0o644);
  await writeFileAtomic(
    paths.inventoryFile,
    renderInventory({ hosts, user, privateKeyFile: paths.privateKeyFile, knownHostsFile: paths.knownHostsFile }),
    0o644,
  );
  const outcome = await archiveOutcome;
  if ('error' in outcome) throw outcome.error;
  const lab: Lab = { dir, hosts, inventoryFile: paths.inventoryFile, knownHostsFile: paths.knownHostsFile };
  if (outcome.value) {
    lab.etcdArchive = outcome.value.chosen;
    lab.etcdArchives = outcome.value.all;
    lab.etcdVersion = outcome.value.chosen.version;
  } else if (etcdVersion) {
    lab.etcdVersion = etcdVersion;
  }
  return lab;
}
