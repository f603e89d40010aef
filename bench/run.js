// `npm run bench`: runs every bench/<name>/run.js, one after another (benchmarks must not share the CPU),
// and exits non-zero if any of them failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(benchDir, entry.name, 'run.js')))
  .map((entry) => entry.name)
  .sort();

const failed = [];
for (const name of benches) {
  console.log(`\n== bench/${name}`);
  const result = spawnSync(process.execPath, [join(benchDir, name, 'run.js')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed.push(name);
}
if (benches.length === 0) console.log('no benchmarks found under bench/<name>/run.js');
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.map((name) => `bench/${name}`).join(', ')}`);
  process.exitCode = 1;
}
