// `node bench/plan/run.js [--clusters N] [--members N] [--rounds N] [--keep]`: runs the compiled planner
// benchmark (bench/plan/*.ts, built by `npm run build` into dist/bench/plan/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = new URL('../../dist/bench/plan/main.js', import.meta.url);
if (!existsSync(fileURLToPath(compiled))) {
  console.error('bench/plan: not built yet; run `npm run build` (or `npm run bench`) first');
  process.exit(1);
}
await import(compiled.href);
