import { dirname } from 'node:path';
import type { Inventory, InventoryGroup, VarsDirectory } from './types.js';
import { assignVars, type InventoryMapping } from './values.js';

// The one place where inventory variable precedence lives. Ansible's default order, lowest first:
//   1. `all`'s vars from the inventory files
//   2. every other group of the host, from the inventory files, in group order (below)
//   3. group_vars/all beside each inventory source, then beside the playbook
//   4. group_vars/<group> beside each inventory source (source by source, groups in group order), then the playbook's
//   5. the host's own vars from the inventory files
//   6. host_vars/<host> beside each inventory source, then beside the playbook
// Group order: shallower groups first, then lower ansible_group_priority, then name; the later one wins.
// Dictionaries are replaced, not merged (Ansible's default `hash_behaviour = replace`).

/** Every group the host belongs to, directly or through its groups' parents, `all` included. */
export function groupsOfHost(inventory: Inventory, host: string): InventoryGroup[] {
  const seen = new Set<string>();
  const stack = [...(inventory.hosts.get(host)?.groups ?? [])];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    stack.push(...inventory.groups.get(name)!.parents);
  }
  return [...seen].map((name) => inventory.groups.get(name)!);
}

/** Python compares strings by code point; so do we, so that group order equals Ansible's. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortGroups(groups: readonly InventoryGroup[]): InventoryGroup[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareNames(a.name, b.name));
}

function fromDirs(dirs: readonly VarsDirectory[], kind: 'groups' | 'hosts', name: string, into: InventoryMapping): void {
  for (const dir of dirs) {
    const vars = dir[kind].get(name);
    if (vars) assignVars(into, vars);
  }
}

// Every host of a source file has the same directory: computed once per file, not once per host.
const directories = new Map<string, string>();
function directoryOf(source: string): string {
  let dir = directories.get(source);
  if (dir === undefined) {
    dir = dirname(source);
    directories.set(source, dir);
  }
  return dir;
}

/**
 * The host's variables from the inventory, merged with Ansible's precedence. Includes `inventory_file` and
 * `inventory_dir`, which ansible-inventory leaves out of its output; an unknown host gives an empty mapping.
 */
export function hostVars(inventory: Inventory, host: string): Record<string, unknown> {
  const entry = inventory.hosts.get(host);
  const result: InventoryMapping = {};
  if (!entry) return result;
  const all = inventory.groups.get('all')!;
  const groups = sortGroups(groupsOfHost(inventory, host).filter((g) => g.name !== 'all'));
  assignVars(result, all.vars);
  for (const group of groups) assignVars(result, group.vars);
  fromDirs(inventory.inventoryVarsDirs, 'groups', 'all', result);
  fromDirs(inventory.playVarsDirs, 'groups', 'all', result);
  for (const dirs of [inventory.inventoryVarsDirs, inventory.playVarsDirs]) {
    for (const dir of dirs) {
      for (const group of groups) fromDirs([dir], 'groups', group.name, result);
    }
  }
  // Ansible stores these two among the host's own variables when it first sees the host.
  result['inventory_file'] = entry.source ?? null;
  result['inventory_dir'] = entry.source ? directoryOf(entry.source) : null;
  assignVars(result, entry.vars);
  fromDirs(inventory.inventoryVarsDirs, 'hosts', host, result);
  fromDirs(inventory.playVarsDirs, 'hosts', host, result);
  return result;
}
