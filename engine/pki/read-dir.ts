import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { PkiDirSnapshot, SnapshotFile } from './cluster-plan.js';
import { caCertFile, caKeyFile, wantedCertificates, wantedDirs } from './layout.js';
import type { ClusterPkiSpec } from './types.js';

// Reads, on the controller, the files and directories of the PKI dir that a cluster's certificates live in.
// A missing file or directory is simply absent from the snapshot; anything else that stops a read is an error
// that names the path.

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function readOne(path: string): Promise<SnapshotFile | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path} is not a regular file: move it out of the PKI dir`);
    return { content: await readFile(path, 'utf8'), mode: info.mode & 0o7777 };
  } catch (error) {
    if (isMissing(error)) return undefined;
    if ((error as NodeJS.ErrnoException).code === 'EACCES') throw new Error(`cannot read ${path}: permission denied (run as the user that owns the PKI dir)`);
    throw error;
  }
}

async function dirMode(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    if (!info.isDirectory()) throw new Error(`${path} is not a directory: the PKI dir's layout needs a directory there`);
    return info.mode & 0o7777;
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

export async function readPkiDir(dir: string, spec: ClusterPkiSpec): Promise<PkiDirSnapshot> {
  const files = new Map<string, SnapshotFile>();
  const names = [caCertFile, caKeyFile, ...wantedCertificates(spec).flatMap((c) => [c.certFile, c.keyFile])];
  for (const name of names) {
    const file = await readOne(join(dir, name));
    if (file) files.set(name, file);
  }
  const dirs = new Map<string, number>();
  for (const name of wantedDirs(spec)) {
    const mode = await dirMode(join(dir, name));
    if (mode !== undefined) dirs.set(name, mode);
  }
  return { files, dirs };
}
