import { rename, writeFile } from 'node:fs/promises';

/** Replaces a file in one step, so that readers (sshd, ssh, ansible) never see it half written. */
export async function writeFileAtomic(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, file);
}
