import { randomBytes } from 'node:crypto';
import { rename, writeFile } from 'node:fs/promises';

/**
 * Replaces a file in one step, so that readers (sshd, ssh, ansible) never see it half written. The temp name
 * is random, not the pid: test files may run as threads of one process.
 */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.tmp-${randomBytes(6).toString('hex')}`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, file);
}
