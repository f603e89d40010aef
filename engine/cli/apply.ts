import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum apply PLANFILE PLAYBOOK -i INVENTORY [--at TIME] [--window HH:MM-HH:MM]` runs exactly a plan saved by
// `quorum plan -o`, refusing it when stale; `quorum apply --resume RUN` goes on with a run that stopped.
// Exit codes: ansible-playbook's, plus 6 (QUORUM_LOCKED: another run holds a cluster's lock) and 7 (the change
// window closed: the run is resumable). A stale plan is QUORUM_PLAN_STALE, exit 1.

interface ApplyCommandOptions {
  inventory?: string[];
  extraVars?: string[];
  limit?: string;
  rolesPath?: string[];
  at?: string;
  window?: string;
  resume?: string;
  runDir?: string;
  forks: string;
  plain?: boolean;
  json?: boolean;
  acceptNewHostKeys?: boolean;
  askBecomePass?: boolean;
}

export const defineApplyCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('apply')
    .description('run a saved plan exactly, refusing it if the inputs or the clusters changed; or resume a run')
    .argument('[planfile]', 'the plan `quorum plan -o` saved')
    .argument('[playbook]', 'the playbook the plan was made from (default: the one the plan recorded)')
    .option('-i, --inventory <path>', 'the inventory the plan was made from (repeatable; default: the ones the plan recorded)', collect)
    .option('-e, --extra-vars <vars>', 'the extra variables the plan was made with (repeatable)', collect)
    .option('-l, --limit <pattern>', 'the --limit the plan was made with')
    .option('--roles-path <dir>', 'another directory to look for roles in (repeatable)', collect)
    .option('--at <time>', 'start at this time: HH:MM (local, the next to come) or an ISO time; counts down until then')
    .option('--window <HH:MM-HH:MM>', 'start batches only inside this local-time window (may cross midnight); when it closes the run stops, resumable')
    .option('--resume <run>', 'go on with a run that stopped (its id is printed at its start), skipping the batches it completed')
    .option('--run-dir <dir>', 'where run journals are kept', '.quorum/runs')
    .option('-f, --forks <n>', 'hosts that run a task at the same time', '5')
    .option('--plain', 'plain lines even on a terminal')
    .option('--json', 'one JSON object per event')
    .option('--accept-new-host-keys', "trust and record unknown host keys (OpenSSH's accept-new)")
    .option('-K, --ask-become-pass', 'ask for the sudo password (or set QUORUM_BECOME_PASSWORD)')
    .action(async (planFile: string | undefined, playbook: string | undefined, options: ApplyCommandOptions) => {
      const forks = Number(options.forks);
      if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks ${options.forks}: expected a whole number of at least 1`);
      const { executeApply } = await import('../apply/apply-run.js');
      setExitCode(
        await executeApply({
          ...(planFile ? { planFile } : {}),
          ...(playbook ? { playbook } : {}),
          inventory: options.inventory ?? [],
          extraVars: options.extraVars ?? [],
          rolesPath: options.rolesPath ?? [],
          ...(options.limit ? { limit: options.limit } : {}),
          ...(options.at ? { at: options.at } : {}),
          ...(options.window ? { window: options.window } : {}),
          ...(options.resume ? { resume: options.resume } : {}),
          runDir: options.runDir ?? '.quorum/runs',
          output: options.json ? 'json' : options.plain || !process.stdout.isTTY ? 'plain' : 'live',
          forks,
          acceptNewHostKeys: options.acceptNewHostKeys ?? false,
          askBecomePass: options.askBecomePass ?? false,
        }),
      );
    });
};
