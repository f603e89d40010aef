#!/usr/bin/env node
// The published entry point: the compiled and bundled CLI. `npm run build` produces dist/ (dist/cli/ is the bundle).
import('../dist/cli/main.js').then(
  (cli) => cli.runCli(),
  (err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('main.js')) {
      process.stderr.write('quorum: the CLI is not built yet. Run `npm run build` in the quorum checkout first.\n');
      process.exit(5);
    }
    throw err;
  },
);
