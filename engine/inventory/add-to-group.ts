import type { Inventory, InventoryGroup, InventoryHost } from './types.js';

// What `group_by` does to the inventory, as ansible-core's strategy applies an `add_group` result: the group
// (and any parent that does not exist yet) is created under `all`, made a child of each parent, and the host
// joins it; a host that was only in `ungrouped` leaves it. Pure: returns a new Inventory and never changes the
// one it was given, which other hosts' scopes of the same task may still be reading.

export interface GroupAddition {
  inventory: Inventory;
  /** The host was new to the group, or a group or a parent link was created (Ansible's `changed`). */
  changed: boolean;
  /** Groups that did not exist before: their group_vars/ are still to be read. */
  createdGroups: string[];
}

/** A group would contain itself through the new parent links. */
export class GroupCycleError extends Error {}

/** Copies of the groups and hosts this addition changes; the rest are shared with the old inventory. */
class Draft {
  readonly groups: Map<string, InventoryGroup>;
  readonly hosts: Map<string, InventoryHost>;
  private readonly copiedGroups = new Set<string>();
  private readonly copiedHosts = new Set<string>();
  readonly created: string[] = [];

  constructor(inventory: Inventory) {
    this.groups = new Map(inventory.groups);
    this.hosts = new Map(inventory.hosts);
  }

  group(name: string): InventoryGroup {
    const existing = this.groups.get(name);
    if (!existing) {
      const created: InventoryGroup = { name, hosts: [], children: [], parents: [], vars: new Map(), priority: 1, depth: 0 };
      this.groups.set(name, created);
      this.copiedGroups.add(name);
      this.created.push(name);
      return created;
    }
    if (this.copiedGroups.has(name)) return existing;
    const copy: InventoryGroup = { ...existing, hosts: [...existing.hosts], children: [...existing.children], parents: [...existing.parents] };
    this.groups.set(name, copy);
    this.copiedGroups.add(name);
    return copy;
  }

  host(name: string): InventoryHost {
    const existing = this.hosts.get(name)!;
    if (this.copiedHosts.has(name)) return existing;
    const copy: InventoryHost = { ...existing, groups: [...existing.groups] };
    this.hosts.set(name, copy);
    this.copiedHosts.add(name);
    return copy;
  }

  isAncestor(candidate: string, of: string): boolean {
    const stack = [...(this.groups.get(of)?.parents ?? [])];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const name = stack.pop()!;
      if (name === candidate) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      stack.push(...(this.groups.get(name)?.parents ?? []));
    }
    return false;
  }

  /** Makes `child` a child of `parent`; true when the link is new. Depths below it follow (longest path). */
  link(parent: string, child: string): boolean {
    if (parent === child || this.isAncestor(child, parent)) {
      throw new GroupCycleError(`adding group '${child}' as a child of '${parent}' makes a loop (a group cannot contain itself)`);
    }
    const parentGroup = this.group(parent);
    if (parentGroup.children.includes(child)) return false;
    parentGroup.children.push(child);
    const childGroup = this.group(child);
    if (!childGroup.parents.includes(parent)) childGroup.parents.push(parent);
    this.deepen(child, parentGroup.depth + 1);
    return true;
  }

  private deepen(name: string, depth: number): void {
    const current = this.groups.get(name)!;
    if (current.depth >= depth) return;
    const group = this.group(name);
    group.depth = depth;
    for (const child of group.children) this.deepen(child, depth + 1);
  }
}

/** Puts `host` in `group` under `parents` (Ansible's default parent is `all`); throws GroupCycleError. */
export function addHostToGroup(inventory: Inventory, host: string, group: string, parents: readonly string[]): GroupAddition {
  if (!inventory.hosts.has(host)) throw new Error(`addHostToGroup: '${host}' is not a host of the inventory`);
  const draft = new Draft(inventory);
  let changed = false;
  draft.group(group);
  for (const parent of parents) {
    const isNew = !draft.groups.has(parent);
    draft.group(parent);
    // A new parent with no parent of its own sits under `all`, as Ansible's reconcile step puts it.
    if (isNew && parent !== 'all') draft.link('all', parent);
    changed = isNew || changed;
  }
  for (const parent of parents) changed = draft.link(parent, group) || changed;
  if (draft.groups.get(group)!.parents.length === 0 && group !== 'all') changed = draft.link('all', group) || changed;
  if (group !== 'all' && !draft.groups.get(group)!.hosts.includes(host)) {
    draft.group(group).hosts.push(host);
    const entry = draft.host(host);
    entry.groups.push(group);
    if (group !== 'ungrouped' && entry.groups.includes('ungrouped')) {
      entry.groups.splice(entry.groups.indexOf('ungrouped'), 1);
      const ungrouped = draft.group('ungrouped');
      ungrouped.hosts.splice(ungrouped.hosts.indexOf(host), 1);
    }
    changed = true;
  }
  return {
    inventory: { ...inventory, groups: draft.groups, hosts: draft.hosts },
    changed,
    createdGroups: draft.created,
  };
}
