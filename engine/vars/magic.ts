// Ansible's magic variables for one host, from what the caller knows about the inventory and the play.
import { OMIT_TOKEN } from '../template/omit.js';
import type { LazyMapping } from '../template/lazy-mapping.js';
import type { Vars } from './scope.js';

export interface MagicInput {
  readonly inventoryHostname: string;
  /** Every group with its hosts, including `all` and `ungrouped`. */
  readonly groups: { readonly [group: string]: readonly string[] };
  /** The play's hosts that are still active. */
  readonly playHosts: readonly string[];
  /** Every host the play targets, failed ones included (`ansible_play_hosts_all`); playHosts when absent. */
  readonly playHostsAll?: readonly string[];
  /** The play's name (`ansible_play_name`): its `name`, or its hosts pattern when it has none. */
  readonly playName?: string;
  /** The current role's name (`role_name`), when the task belongs to a role. */
  readonly roleName?: string;
  /** The hosts of the current batch (serial / quorum batch). */
  readonly playBatch: readonly string[];
  readonly checkMode: boolean;
  readonly diffMode: boolean;
  /** A HostVars view (hostvars.ts). */
  readonly hostvars: LazyMapping;
  /** The current role's directory, when the task belongs to a role. */
  readonly rolePath?: string;
  /** The directory of the playbook file. */
  readonly playbookDir?: string;
}

export function magicVariables(input: MagicInput): Vars {
  const groupNames = Object.entries(input.groups)
    .filter(([group, hosts]) => group !== 'all' && hosts.includes(input.inventoryHostname))
    .map(([group]) => group)
    .sort();
  const vars: { [name: string]: unknown } = {
    inventory_hostname: input.inventoryHostname,
    inventory_hostname_short: input.inventoryHostname.split('.')[0],
    groups: Object.fromEntries(Object.entries(input.groups).map(([group, hosts]) => [group, [...hosts]])),
    group_names: groupNames,
    hostvars: input.hostvars,
    ansible_play_hosts: [...input.playHosts],
    ansible_play_hosts_all: [...(input.playHostsAll ?? input.playHosts)],
    play_hosts: [...input.playHosts],
    ansible_play_batch: [...input.playBatch],
    ansible_check_mode: input.checkMode,
    ansible_diff_mode: input.diffMode,
    omit: OMIT_TOKEN,
  };
  if (input.rolePath !== undefined) vars.role_path = input.rolePath;
  if (input.roleName !== undefined) vars.role_name = input.roleName;
  if (input.playName !== undefined) vars.ansible_play_name = input.playName;
  if (input.playbookDir !== undefined) vars.playbook_dir = input.playbookDir;
  return vars;
}
