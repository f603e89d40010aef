import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';

// vitest resolves CommonJS packages more leniently than Node's own ESM loader (a named import of a CJS export
// that cjs-module-lexer cannot see works here and fails for users). So every built module is imported by a
// plain `node`, as the CLI will be.
function builtModules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return builtModules(path);
    return entry.name.endsWith('.js') && !entry.name.endsWith('main.js') ? [path] : [];
  });
}

describe('the built engine', () => {
  it.each([
    ['every compiled module', join('dist', 'engine'), 50],
    // bin/quorum.js runs the bundle (scripts/bundle-cli.mjs): each of its lazily loaded chunks must load too.
    ['every chunk of the bundled CLI', join('dist', 'cli'), 5],
  ])('loads %s under plain Node ESM', (_what, dir, atLeast) => {
    const files = builtModules(join(repoRoot, dir));
    expect(files.length).toBeGreaterThan(atLeast);
    const script = `
      const failures = [];
      for (const f of ${JSON.stringify(files)}) {
        try { await import(f); } catch (e) { failures.push(f + ': ' + String(e).split('\\n')[0]); }
      }
      process.stdout.write(JSON.stringify(failures));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot }).toString();
    const failures = (JSON.parse(out) as string[]).map((f) => relative(repoRoot, f));
    expect(failures).toEqual([]);
  });
});
