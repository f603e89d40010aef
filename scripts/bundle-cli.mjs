#!/usr/bin/env node
// Bundles the compiled CLI (dist/engine/, from tsc) into dist/cli/: quorum's own ~300 ES modules become a few
// chunks, one per lazily imported part (rolling plays, etcd, the lab, ...), so that every command's start-up
// resolves and compiles a handful of files instead of hundreds (about 0.1 s of CPU on each run, measured on
// `quorum plan` of a 1,500-host fleet). Packages from node_modules and Node's built-ins stay outside the bundle:
// they load as they do without it (ssh2's optional native addon, gRPC's files). Run by `npm run build`.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'cli');
// A specifier that is neither relative nor absolute names a package or a built-in.
const isPackage = (id) => !id.startsWith('.') && !id.startsWith('/');

rmSync(outDir, { recursive: true, force: true });
const bundle = await rolldown({
  input: join(root, 'dist', 'engine', 'cli', 'main.js'),
  platform: 'node',
  external: isPackage,
  logLevel: 'warn',
});
await bundle.write({ dir: outDir, format: 'esm', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' });
await bundle.close();
