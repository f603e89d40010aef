import { mkdir, readdir, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LabError, LabErrorCode } from './errors.js';
import { labDirProblem } from './layout.js';

function checkLabDir(dir: string): void {
  const problem = labDirProblem(dir);
  if (problem) throw new LabError(LabErrorCode.dir, problem, 'choose another directory with --dir');
}

/** Creates the lab directory if needed and returns its real path (mountinfo shows real paths). */
export async function prepareLabDir(dir: string): Promise<string> {
  const wanted = resolve(dir);
  checkLabDir(wanted);
  await mkdir(wanted, { recursive: true, mode: 0o755 });
  const real = await realpath(wanted);
  checkLabDir(real);
  return real;
}

/** The real path of an existing lab directory, or undefined when there is no such directory. */
export async function existingLabDir(dir: string): Promise<string | undefined> {
  try {
    return await realpath(resolve(dir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function isEmptyDir(dir: string): Promise<boolean> {
  return (await readdir(dir)).length === 0;
}
