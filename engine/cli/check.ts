import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum check PLAYBOOK -i INVENTORY [-e ...]`: loads the playbook, its roles and task files and the
// inventory, and prints every problem of every file at once, as `file:line:col: CODE: message (hint)`.
// Exit codes are ansible-playbook's: 0 nothing wrong (warnings allowed), 4 a problem in the files,
// 5 bad or missing options. The loader, ajv and the inventory load only inside the action.

interface CheckOptions {
  inventory?: string[];
  extraVars?: string[];
  rolesPath?: string[];
}

export const defineCheckCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('check')
    .description('validate a playbook with its roles against an inventory, reporting every problem at once')
    .argument('<playbook>', 'the playbook file')
    .option('-i, --inventory <path>', 'an inventory file, directory or host list (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'extra variables: key=value, YAML/JSON text, or @file.yml (repeatable)', collect)
    .option('--roles-path <dir>', 'another directory to look for roles in, after roles/ beside the playbook (repeatable)', collect)
    .action(async (playbook: string, options: CheckOptions) => {
      if (!options.inventory || options.inventory.length === 0) {
        throw new UsageError('no inventory given', 'pass one with -i PATH: `check` matches each play\'s hosts against it');
      }
      const { runCheck } = await import('../load/check-run.js');
      const outcome = await runCheck({
        playbook,
        inventory: options.inventory,
        extraVars: options.extraVars ?? [],
        rolesPath: [...(options.rolesPath ?? []), ...(process.env.ANSIBLE_ROLES_PATH?.split(':').filter(Boolean) ?? [])],
      });
      if (outcome.report.length > 0) process.stderr.write(`${outcome.report.join('\n')}\n`);
      if (outcome.summary) process.stdout.write(`${outcome.summary}\n`);
      setExitCode(outcome.ok ? ExitCode.ok : ExitCode.parserError);
    });
};
