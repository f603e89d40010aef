import type { InventoryGroup, InventoryHost } from './types.js';
import type { InventoryValue } from './values.js';

// Hosts and groups as the parsers add them, with Ansible's rules: every group is under `all`, a host with no
// group of its own goes to `ungrouped`, a group cannot contain itself through its children, and a port given on
// the first mention of a host becomes its `ansible_port`.

/** A rule of the inventory model was broken; the parser that called adds the file and position. */
export class InventoryModelError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = 'InventoryModelError';
  }
}

export class InventoryBuilder {
  readonly hosts = new Map<string, InventoryHost>();
  readonly groups = new Map<string, InventoryGroup>();
  /** `group\0host` for each membership: checking a group's host list would be quadratic on big groups. */
  private readonly memberships = new Set<string>();

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  addGroup(name: string): InventoryGroup {
    let group = this.groups.get(name);
    if (!group) {
      group = { name, hosts: [], children: [], parents: [], vars: new Map(), priority: 1, depth: 0 };
      this.groups.set(name, group);
    }
    return group;
  }

  /** Adds the host if new (with its port and source), and puts it in `group` if one is given. */
  addHost(name: string, group: string | undefined, port: number | undefined, source: string | undefined): InventoryHost {
    let host = this.hosts.get(name);
    if (!host) {
      host = { name, vars: new Map(), groups: [], source };
      if (port !== undefined) host.vars.set('ansible_port', port);
      this.hosts.set(name, host);
    }
    if (group !== undefined) {
      const target = this.groups.get(group);
      if (!target) throw new InventoryModelError('QUORUM_INVENTORY_UNKNOWN_GROUP', `group '${group}' is not defined`, `define [${group}]`);
      const membership = `${group}\0${name}`;
      if (!this.memberships.has(membership)) {
        this.memberships.add(membership);
        target.hosts.push(name);
        host.groups.push(group);
      }
    }
    return host;
  }

  setGroupVar(group: string, key: string, value: InventoryValue): void {
    const target = this.addGroup(group);
    if (key === 'ansible_group_priority') {
      const priority = typeof value === 'number' ? value : typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(priority)) {
        throw new InventoryModelError(
          'QUORUM_INVENTORY_BAD_PRIORITY',
          `ansible_group_priority of group '${group}' is ${JSON.stringify(value)}, not a whole number`,
          'set it to a whole number such as 10; the higher one wins among groups of the same depth',
        );
      }
      target.priority = priority;
      return;
    }
    target.vars.set(key, value);
  }

  setHostVar(host: string, key: string, value: InventoryValue): void {
    this.hosts.get(host)!.vars.set(key, value);
  }

  private ancestorsOf(name: string): Set<string> {
    const seen = new Set<string>();
    const stack = [...(this.groups.get(name)?.parents ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...this.groups.get(next)!.parents);
    }
    return seen;
  }

  /** Makes `child` a child group of `parent`; both must exist. */
  addChild(parent: string, child: string): void {
    const parentGroup = this.groups.get(parent)!;
    const childGroup = this.groups.get(child)!;
    if (parentGroup.children.includes(child)) return;
    if (parent === child || this.ancestorsOf(parent).has(child)) {
      throw new InventoryModelError(
        'QUORUM_INVENTORY_GROUP_CYCLE',
        `adding group '${child}' as a child of '${parent}' makes a loop (a group cannot contain itself)`,
        `remove '${child}' from the children of '${parent}', or '${parent}' from those of '${child}'`,
      );
    }
    parentGroup.children.push(child);
    if (!childGroup.parents.includes(parent)) childGroup.parents.push(parent);
  }

  /** Ansible's reconcile step, run once after every source is read. */
  reconcile(): void {
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parents.length === 0) this.addChild('all', group.name);
    }
    const ungrouped = this.groups.get('ungrouped')!;
    for (const host of this.hosts.values()) {
      // Ansible counts a host as grouped once it is in any group other than `all` and `ungrouped`.
      const inOtherGroup = host.groups.some((g) => g !== 'all' && g !== 'ungrouped');
      if (host.groups.includes('ungrouped')) {
        if (inOtherGroup) {
          ungrouped.hosts.splice(ungrouped.hosts.indexOf(host.name), 1);
          this.memberships.delete(`ungrouped\0${host.name}`);
          host.groups.splice(host.groups.indexOf('ungrouped'), 1);
        }
      } else if (!inOtherGroup) {
        ungrouped.hosts.push(host.name);
        host.groups.push('ungrouped');
        this.memberships.add(`ungrouped\0${host.name}`);
      }
    }
    this.computeDepths();
  }

  /** depth = the longest path from `all`, as Ansible keeps it while groups are added. */
  private computeDepths(): void {
    const order: string[] = [];
    const indegree = new Map<string, number>();
    for (const group of this.groups.values()) indegree.set(group.name, group.parents.length);
    const ready = [...this.groups.values()].filter((g) => g.parents.length === 0).map((g) => g.name);
    while (ready.length > 0) {
      const name = ready.shift()!;
      order.push(name);
      for (const child of this.groups.get(name)!.children) {
        const left = indegree.get(child)! - 1;
        indegree.set(child, left);
        if (left === 0) ready.push(child);
      }
    }
    for (const name of order) {
      const group = this.groups.get(name)!;
      for (const child of group.children) {
        const childGroup = this.groups.get(child)!;
        childGroup.depth = Math.max(childGroup.depth, group.depth + 1);
      }
    }
  }
}
