import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum run PLAYBOOK -i INVENTORY`: ansible-playbook's options and exit codes, over persistent SSH.

interface RunCommandOptions {
  inventory?: string[];
  extraVars?: string[];
  limit?: string;
  forks: string;
  tags?: string[];
  skipTags?: string[];
  check?: boolean;
  diff?: boolean;
  forceHandlers?: boolean;
  verbose: number;
  plain?: boolean;
  json?: boolean;
  acceptNewHostKeys?: boolean;
  askBecomePass?: boolean;
  rolesPath?: string[];
}

const splitTags = (values: string[] | undefined) =>
  (values ?? []).flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);

export const defineRunCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('run')
    .description('run a playbook against an inventory, as ansible-playbook does')
    .argument('<playbook>', 'the playbook file')
    .option('-i, --inventory <path>', 'an inventory file or directory (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'extra variables: key=value, YAML/JSON, or @file (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit the hosts to this pattern')
    .option('-f, --forks <n>', 'hosts that run a task at the same time', '5')
    .option('-t, --tags <tags>', 'only run tasks with these tags (repeatable, comma-separated)', collect)
    .option('--skip-tags <tags>', 'skip tasks with these tags (repeatable, comma-separated)', collect)
    .option('-C, --check', 'change nothing; report what would change')
    .option('-D, --diff', 'show the changes made to files')
    .option('--force-handlers', 'run handlers even on hosts that failed')
    .option('-v, --verbose', 'more output (repeatable)', (_v, n: number) => n + 1, 0)
    .option('--plain', 'plain lines even on a terminal')
    .option('--json', 'one JSON object per event')
    .option('--accept-new-host-keys', "trust and record unknown host keys (OpenSSH's accept-new); changed keys are still refused")
    .option('-K, --ask-become-pass', 'ask for the sudo password (or set QUORUM_BECOME_PASSWORD)')
    .option('--roles-path <dir>', 'another directory to look for roles in (repeatable)', collect)
    .action(async (playbook: string, options: RunCommandOptions) => {
      if (!options.inventory || options.inventory.length === 0) {
        throw new UsageError('no inventory given', 'pass one with -i PATH');
      }
      const forks = Number(options.forks);
      if (!Number.isInteger(forks) || forks < 1) {
        throw new UsageError(`--forks ${options.forks}: expected a whole number of at least 1`);
      }
      const { executeRun } = await import('../execute/execute-run.js');
      const code = await executeRun({
        playbook,
        inventory: options.inventory,
        extraVars: options.extraVars ?? [],
        rolesPath: options.rolesPath ?? [],
        options: {
          check: options.check ?? false,
          diff: options.diff ?? false,
          forks,
          ...(options.limit ? { limit: options.limit } : {}),
          tags: { only: splitTags(options.tags), skip: splitTags(options.skipTags) },
          forceHandlers: options.forceHandlers ?? false,
          verbosity: options.verbose,
        },
        output: options.json ? 'json' : options.plain || !process.stdout.isTTY ? 'plain' : 'live',
        acceptNewHostKeys: options.acceptNewHostKeys ?? false,
        askBecomePass: options.askBecomePass ?? false,
      });
      setExitCode(code);
    });
};
