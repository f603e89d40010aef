// `node bench/inventory/run.js [--rounds N] [--hosts N] [--groups N] [--keep]`: runs the compiled benchmark
// (bench/inventory/*.ts, built by `npm run build` into dist/bench/inventory/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../../dist/bench/inventory/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('bench/inventory: not built yet; run `npm run build` (or `npm run bench`) first');
  process.exit(1);
}
await import(compiled.href);
