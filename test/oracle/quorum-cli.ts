// Runs the built quorum CLI as a whole process, exactly as a user would, so the oracle depends on nothing
// inside engine/inventory.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../engine/paths.js';
import { inventoryArgs, runProcess, type ProcessOutcome } from '../support/ansible.js';

const quorumBin = join(repoRoot, 'bin', 'quorum.js');
const builtEntry = join(repoRoot, 'dist', 'engine', 'cli', 'main.js');

/** `quorum inventory -i ... <action args>` with `cwd` as the working directory. */
export function quorumInventory(
  cwd: string,
  sources: readonly string[],
  actionArgs: readonly string[],
): Promise<ProcessOutcome> {
  if (!existsSync(builtEntry)) {
    throw new Error(`quorum is not built (${builtEntry} is missing): run \`npm run build\` first`);
  }
  // A fixed environment: no NO_COLOR/FORCE_COLOR or locale from the caller can change what quorum prints.
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], LANG: 'C.UTF-8', NO_COLOR: '1' };
  return runProcess(process.execPath, [quorumBin, 'inventory', ...inventoryArgs(sources), ...actionArgs], {
    cwd,
    env,
  });
}

/** Describes a failed quorum run in one line plus its stderr, for assertion messages. */
export function describeOutcome(args: readonly string[], outcome: ProcessOutcome): string {
  return `quorum inventory ${args.join(' ')} exited ${outcome.exitCode}:\n${outcome.stderr}`;
}
