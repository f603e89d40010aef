import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Each run of a playbook gets its own directory on the controller, for what `fetch` and tasks delegated to
// localhost write there; the row then compares the two tools' directories like the hosts' trees.

export function makeControllerDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `quorum-compat-${label}-`));
}

export function removeControllerDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}
