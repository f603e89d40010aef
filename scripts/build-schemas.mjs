#!/usr/bin/env node
// Writes engine/load/generated/validators.ts from the loader's schemas (run after `npm run build`, which
// compiles the schemas into dist/). test/unit/load/generated-validators.test.ts fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { generateValidatorsSource } = await import(join(root, 'dist/engine/load/schemas/generate.js'));
const target = join(root, 'engine/load/generated/validators.ts');
writeFileSync(target, generateValidatorsSource());
process.stdout.write(`wrote ${target}\n`);
