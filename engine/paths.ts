import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The quorum checkout's root (where package.json, roles/ and playbooks/ are), found by walking up from this
// file, so that the same code works from engine/ under vitest and from dist/engine/ when built.
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'engine'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('quorum: cannot find the checkout root above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

export const repoRoot: string = findRoot();
