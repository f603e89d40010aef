// `node bench/rolling/run.js [--members 5] [--keys 50000] [--playbooks roles|demo] [-e VARS] [--block 127.0.93] [--keep]`: runs
// the compiled benchmark (bench/rolling/*.ts, built by `npm run build` into dist/bench/rolling/). Needs root (the lab).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../../dist/bench/rolling/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('bench/rolling: not built yet; run `npm run build` (or `npm run bench`) first');
  process.exit(1);
}
await import(compiled.href);
