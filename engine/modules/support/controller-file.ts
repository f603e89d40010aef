import { isAbsolute, join } from 'node:path';
import type { ModuleContext } from '../types.js';

// A task's `src` is found on the controller as Ansible finds it: an absolute path as is, a relative one in
// the task's search directories in order (role files/ or templates/, then the playbook's).

export interface ControllerFile {
  path: string;
  content: Buffer;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export async function findControllerFile(
  src: string,
  dirs: readonly string[],
  read: ModuleContext['readControllerFile'],
): Promise<ControllerFile> {
  const candidates = isAbsolute(src) ? [src] : dirs.map((dir) => join(dir, src));
  for (const path of candidates) {
    try {
      return { path, content: await read(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        throw new Error(`'${src}' is a directory on the controller: quorum copies single files (list each file, or use unarchive)`);
      }
      if (!isMissing(error)) throw error;
    }
  }
  const searched = candidates.length > 0 ? candidates.join(', ') : 'no search directories were given';
  throw new Error(`Could not find or access '${src}' on the controller (searched: ${searched})`);
}
