import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

// Read once from package.json so that the version printed and the one recorded in saved plans never differ.
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
export const version: string = pkg.version;
