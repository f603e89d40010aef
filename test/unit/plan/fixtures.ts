// Paths of the cluster-state captures under test/fixtures/cluster-states.
import { join } from 'node:path';
import { repoRoot } from '../../../engine/paths.js';

export const stateFixtureDir = join(repoRoot, 'test', 'fixtures', 'cluster-states');

export function stateFixture(name: string): string {
  return join(stateFixtureDir, name);
}
