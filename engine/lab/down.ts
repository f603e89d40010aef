import { access, rm, rmdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LabError, LabErrorCode } from './errors.js';
import { existingLabDir, isEmptyDir } from './lab-dir.js';
import { labPaths, namespaceFingerprint } from './layout.js';
import { endProcessesInNamespacesMatching } from './namespaces.js';
import { requireRoot } from './prerequisites.js';

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/**
 * Ends every process of the lab (sshd, sessions, and whatever they started, found by their mount namespace),
 * which unmounts its private trees, then removes the lab directory. Safe to run twice, and on a lab whose
 * `up` failed half way. The login user and its sudoers rule stay: other labs on the machine share them.
 */
export async function labDown(dir: string): Promise<void> {
  requireRoot();
  const real = await existingLabDir(dir);
  if (real === undefined) {
    // The directory may have been deleted by hand while its hosts ran: their mounts still name it.
    await endProcessesInNamespacesMatching(namespaceFingerprint(labPaths(resolve(dir)).hostsDir));
    return;
  }
  const paths = labPaths(real);
  const isLab = (await exists(paths.stateFile)) || (await exists(paths.hostsDir));
  if (!isLab) {
    if (await isEmptyDir(real)) {
      await rmdir(real);
      return;
    }
    throw new LabError(LabErrorCode.dir, `${real} holds no lab (no lab.json): not removing it`, 'check the --dir you gave');
  }
  await endProcessesInNamespacesMatching(namespaceFingerprint(paths.hostsDir));
  await rm(real, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
