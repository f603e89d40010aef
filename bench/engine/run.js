// `node bench/engine/run.js [--hosts 5] [--rounds 5] [--forks N] [--block 127.0.91] [--keep]`: runs the compiled
// benchmark (bench/engine/*.ts, built by `npm run build` into dist/bench/engine/). Needs root (the lab).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../../dist/bench/engine/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('bench/engine: not built yet; run `npm run build` (or `npm run bench`) first');
  process.exit(1);
}
await import(compiled.href);
