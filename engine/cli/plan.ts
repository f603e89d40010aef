import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum plan PLAYBOOK -i INVENTORY [--cluster-state [NAME=]FILE ...] [--json] [-o PLANFILE]`: what a run would
// do, for review before the change window: per rolling play and cluster the quorum numbers and the batches,
// and per host the tasks that would change. With --cluster-state it plans offline and connects to nothing.

interface PlanCommandOptions {
  inventory?: string[];
  extraVars?: string[];
  limit?: string;
  clusterState?: string[];
  json?: boolean;
  output?: string;
  forks: string;
  acceptNewHostKeys?: boolean;
  rolesPath?: string[];
  verbose: number;
}

export const definePlanCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('plan')
    .description('show, and optionally save, what a run would do: quorum batches per cluster and the changes per host')
    .argument('<playbook>', 'the playbook file')
    .option('-i, --inventory <path>', 'an inventory file or directory (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'extra variables: key=value, YAML/JSON, or @file (repeatable)', collect)
    .option('-l, --limit <pattern>', 'further limit the hosts to this pattern')
    .option('--cluster-state <[name=]file>', 'plan offline from a captured state: {"members": etcdctl member list -w json, "endpoints": etcdctl endpoint status -w json} (repeatable, one per cluster)', collect)
    .option('--json', 'print the plan as one JSON document')
    .option('-o, --output <planfile>', 'save the plan, with what it was computed from, for `quorum apply`')
    .option('-f, --forks <n>', 'hosts checked at the same time', '5')
    .option('--accept-new-host-keys', "trust and record unknown host keys (OpenSSH's accept-new)")
    .option('--roles-path <dir>', 'another directory to look for roles in (repeatable)', collect)
    .option('-v, --verbose', 'more output (repeatable; -vvv: the raw errors behind each member\'s state)', (_v, n: number) => n + 1, 0)
    .action(async (playbook: string, options: PlanCommandOptions) => {
      if (!options.inventory || options.inventory.length === 0) {
        throw new UsageError('no inventory given', 'pass one with -i PATH');
      }
      const forks = Number(options.forks);
      if (!Number.isInteger(forks) || forks < 1) throw new UsageError(`--forks ${options.forks}: expected a whole number of at least 1`);
      const { executePlan } = await import('../execute/execute-plan.js');
      setExitCode(
        await executePlan({
          playbook,
          inventory: options.inventory,
          extraVars: options.extraVars ?? [],
          rolesPath: options.rolesPath ?? [],
          clusterStates: options.clusterState ?? [],
          ...(options.limit ? { limit: options.limit } : {}),
          json: options.json ?? false,
          ...(options.output ? { output: options.output } : {}),
          forks,
          acceptNewHostKeys: options.acceptNewHostKeys ?? false,
          verbosity: options.verbose,
        }),
      );
    });
};
