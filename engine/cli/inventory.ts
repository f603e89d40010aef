import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum inventory -i PATH [--list | --graph [GROUP] | --host HOST] [--limit PATTERN]`: the inventory as quorum
// sees it, printed as ansible-inventory prints it, so that SREs can diff the two. The inventory modules (and
// the yaml package) load only inside the action.

interface InventoryOptions {
  inventory?: string[];
  list?: boolean;
  graph?: boolean;
  host?: string;
  limit?: string;
  playbookDir?: string;
}

function chosenAction(options: InventoryOptions): 'list' | 'graph' | 'host' {
  const chosen = (['list', 'graph', 'host'] as const).filter((name) => options[name] !== undefined && options[name] !== false);
  if (chosen.length === 0) throw new UsageError('no action given', 'add one of --list, --graph or --host HOST');
  if (chosen.length > 1) throw new UsageError(`--${chosen.join(' and --')} cannot be used together`, 'give only one of --list, --graph or --host HOST');
  return chosen[0]!;
}

export const defineInventoryCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('inventory')
    .description('show the inventory as ansible-inventory does: --list (JSON), --graph (tree) or --host (one host\'s variables)')
    .argument('[group]', 'with --graph: the group to start the tree at', 'all')
    .option('-i, --inventory <path>', 'an inventory file, directory or host list (repeatable)', collect)
    .option('--list', 'print every group and the variables of every host as JSON')
    .option('--graph', 'print the groups and hosts as a tree')
    .option('--host <host>', 'print the variables of one host as JSON')
    .option('-l, --limit <pattern>', 'keep only the hosts this pattern selects (a:b, a:&b, a:!b, g[0:2], ~regex, *)')
    .option('--playbook-dir <dir>', 'read group_vars/ and host_vars/ of this directory too (default: the working directory)')
    .action(async (group: string, options: InventoryOptions) => {
      const action = chosenAction(options);
      if (!options.inventory || options.inventory.length === 0) {
        throw new UsageError('no inventory given', 'pass one with -i PATH (a file, a directory, or host1,host2,)');
      }
      const { loadInventory } = await import('../inventory/load.js');
      const { limitFilter, renderGraph, renderHost, renderList } = await import('../inventory/render.js');
      const inventory = await loadInventory(options.inventory, { playbookDir: options.playbookDir ?? process.cwd() });
      const keep = limitFilter(inventory, options.limit);
      const output =
        action === 'list'
          ? renderList(inventory, keep)
          : action === 'graph'
            ? renderGraph(inventory, group, keep)
            : renderHost(inventory, options.host!, keep);
      process.stdout.write(output + '\n');
      setExitCode(ExitCode.ok);
    });
};
