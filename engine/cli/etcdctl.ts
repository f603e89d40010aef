import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { DefineCommand } from './commands.js';
import { collect } from './options.js';

// `quorum etcdctl -i INVENTORY [--cluster NAME] [--on-host [HOST] | --controller] [--print-env] -- ARGS`:
// etcdctl against the inventory's cluster with its endpoints and the admin certificate filled in.

interface EtcdctlCommandOptions {
  inventory?: string[];
  extraVars?: string[];
  limit?: string;
  cluster?: string;
  onHost?: string | boolean;
  controller?: boolean;
  printEnv?: boolean;
  acceptNewHostKeys?: boolean;
}

export const defineEtcdctlCommand: DefineCommand = (program: Command, setExitCode) => {
  program
    .command('etcdctl')
    .description("run etcdctl against the inventory's etcd cluster, with --endpoints, --cacert, --cert and --key filled in")
    .argument('[args...]', "etcdctl's arguments, after -- (for example: -- member list -w table)")
    .option('-i, --inventory <path>', 'an inventory file or directory (repeatable)', collect)
    .option('-e, --extra-vars <vars>', 'extra variables: key=value, YAML/JSON, or @file (repeatable)', collect)
    .option('-l, --limit <pattern>', "only these of the cluster's members")
    .option('--cluster <name>', 'the hosts whose etcd_cluster_name is this (default: the hosts of group etcd)')
    .option('--on-host [host]', 'run etcdctl on this member over SSH (no host: the first healthy member)')
    .option('--controller', 'run etcdctl here, through SSH tunnels unless quorum_etcd_direct (the default when etcdctl is on PATH)')
    .option('--print-env', 'print export lines of ETCDCTL_ENDPOINTS, ETCDCTL_CACERT, ETCDCTL_CERT, ETCDCTL_KEY for this shell')
    .option('--accept-new-host-keys', "trust and record unknown host keys (OpenSSH's accept-new)")
    .action(async (args: string[], options: EtcdctlCommandOptions) => {
      if (!options.inventory || options.inventory.length === 0) {
        throw new UsageError('no inventory given', 'pass one with -i PATH');
      }
      if (options.onHost !== undefined && options.controller) {
        throw new UsageError('--on-host and --controller both given', 'etcdctl runs in one place: pick one');
      }
      const { executeEtcdctl } = await import('../etcdctl/execute-etcdctl.js');
      setExitCode(
        await executeEtcdctl({
          inventory: options.inventory,
          extraVars: options.extraVars ?? [],
          ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
          place:
            options.onHost !== undefined
              ? { kind: 'host', ...(typeof options.onHost === 'string' ? { host: options.onHost } : {}) }
              : options.controller
                ? { kind: 'controller' }
                : { kind: 'auto' },
          printEnv: options.printEnv ?? false,
          args,
          acceptNewHostKeys: options.acceptNewHostKeys ?? false,
          cwd: process.cwd(),
          env: process.env,
          stdout: process.stdout,
          stderr: process.stderr,
        }),
      );
    });
};
