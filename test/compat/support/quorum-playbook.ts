import { parseEvents, recapOf, runQuorum } from '../../support/run-cli.js';
import type { PlaybookOutcome } from './ansible-playbook.js';

// Runs `quorum run --json` as a whole process (the built CLI) and adds its events up to a recap.

export async function runQuorumPlaybook(playbook: string, inventory: string, args: readonly string[]): Promise<PlaybookOutcome> {
  const result = await runQuorum(['run', playbook, '-i', inventory, '--json', ...args], { timeoutMs: 180_000 });
  return { exitCode: result.code, recap: recapOf(parseEvents(result.stdout)), output: `${result.stdout}\n${result.stderr}` };
}
