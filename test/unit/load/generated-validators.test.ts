import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateValidatorsSource } from '../../../engine/load/schemas/generate.js';
import { repoRoot } from '../../../engine/paths.js';

// The precompiled validators must be exactly what the current schemas compile to.
describe('engine/load/generated/validators.ts', () => {
  it('is up to date with engine/load/schemas (else: npm run build && node scripts/build-schemas.mjs)', () => {
    const committed = readFileSync(join(repoRoot, 'engine/load/generated/validators.ts'), 'utf8');
    expect(committed === generateValidatorsSource()).toBe(true);
  });
});
