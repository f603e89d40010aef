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

/**
 * A list that every host's scope may hold at once: frozen, so that no template can change what other hosts see.
 * Lists handed in frozen are shared as they are; the rest are copied once per list (callers never change a list
 * after handing it in: run.groups and the play's host lists are replaced, never edited).
 */
const frozenCopies = new WeakMap<readonly string[], readonly string[]>();
function sharedList(list: readonly string[]): readonly string[] {
  if (Object.isFrozen(list)) return list;
  let copy = frozenCopies.get(list);
  if (copy === undefined) {
    copy = Object.freeze([...list]);
    frozenCopies.set(list, copy);
  }
  return copy;
}

interface SharedGroups {
  /** `groups` as templates see it: a frozen mapping of frozen host lists. */
  readonly groups: { readonly [group: string]: readonly string[] };
  /** Each host's `group_names`: every group it is in but `all`, sorted. */
  readonly namesOf: ReadonlyMap<string, readonly string[]>;
}

const NO_GROUPS: readonly string[] = Object.freeze([]);

// Built once per groups object, not once per host and task: copying every group's list for each host's scope,
// and scanning every group for each host's group names, is quadratic in a fleet of thousands of hosts.
const sharedGroupsOf = new WeakMap<object, SharedGroups>();
function sharedGroups(groups: MagicInput['groups']): SharedGroups {
  let shared = sharedGroupsOf.get(groups);
  if (shared !== undefined) return shared;
  const names = new Map<string, string[]>();
  for (const [group, hosts] of Object.entries(groups)) {
    if (group === 'all') continue;
    for (const host of hosts) {
      const list = names.get(host);
      // A host listed twice in one group counts once.
      if (list === undefined) names.set(host, [group]);
      else if (list[list.length - 1] !== group) list.push(group);
    }
  }
  const namesOf = new Map<string, readonly string[]>();
  for (const [host, list] of names) namesOf.set(host, Object.freeze(list.sort()));
  shared = {
    groups: Object.freeze(Object.fromEntries(Object.entries(groups).map(([group, hosts]) => [group, Object.freeze([...hosts])]))),
    namesOf,
  };
  sharedGroupsOf.set(groups, shared);
  return shared;
}

export function magicVariables(input: MagicInput): Vars {
  const { groups, namesOf } = sharedGroups(input.groups);
  const playHosts = sharedList(input.playHosts);
  const vars: { [name: string]: unknown } = {
    inventory_hostname: input.inventoryHostname,
    inventory_hostname_short: input.inventoryHostname.split('.')[0],
    groups,
    group_names: namesOf.get(input.inventoryHostname) ?? NO_GROUPS,
    hostvars: input.hostvars,
    ansible_play_hosts: playHosts,
    ansible_play_hosts_all: input.playHostsAll ? sharedList(input.playHostsAll) : playHosts,
    play_hosts: playHosts,
    ansible_play_batch: sharedList(input.playBatch),
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
