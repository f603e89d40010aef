import type { EventBus } from '../events.js';
import type { Inventory } from '../inventory/index.js';
import type { RunTimeTaskFile } from '../load/task-file.js';
import type { Play, Playbook, Role, Vars } from '../load/types.js';
import type { TemplateEngine } from '../template/engine.js';
import type { HostStates } from './host-state.js';
import type { ConnectionProvider, ModuleLookup, RunOptions } from './run-options.js';

/** Everything one run shares: read-only inputs, the per-host state, and the event bus. No globals. */
export interface RunContext {
  playbook: Playbook;
  inventory: Inventory;
  options: RunOptions;
  modules: ModuleLookup;
  connections: ConnectionProvider;
  bus: EventBus;
  engine: TemplateEngine;
  hosts: HostStates;
  /** Every group with its hosts (including all and ungrouped), for `groups` and `group_names`. */
  groups: Record<string, string[]>;
  /** Rolling rollouts that stopped short (a refused plan, a failed gate): each makes the run fail. */
  halts: string[];
  /** Templated vars_files read during the run, by resolved path: each is read once. */
  varsFiles: Map<string, Vars>;
  /**
   * Task files that templated includes named, read during the run, by absolute path: each is read once.
   * Optional so that contexts built elsewhere (plan, apply) need not carry it; created on first use.
   */
  taskFiles?: Map<string, Promise<RunTimeTaskFile>>;
  /** Roles that those task files brought in (include_role inside them), by name; created on first use. */
  dynamicRoles?: Map<string, Role>;
}

/** The play being run, with the hosts of the current batch. */
export interface PlayRun {
  run: RunContext;
  play: Play;
  /** Every host the play targets (after --limit). */
  playHosts: string[];
  /** The hosts of the current batch. */
  batch: string[];
  /** Role defaults and role vars of the play's roles, merged in the order the roles apply. */
  roleDefaults: Vars;
  roleVars: Vars;
}

/** Roles in the order they apply: each role's dependencies before it, every role once. */
export function rolesInOrder(play: Play, roles: ReadonlyMap<string, Role>): Role[] {
  const ordered: Role[] = [];
  const visit = (name: string) => {
    const role = roles.get(name);
    if (!role || ordered.includes(role)) return;
    for (const dep of role.dependencies) visit(dep.role);
    ordered.push(role);
  };
  for (const ref of play.roles) visit(ref.role);
  return ordered;
}

/**
 * Ansible exposes every role's defaults and vars to the whole play (private_role_vars is off by default);
 * a task in a role sees its own role's values over the others'.
 */
export function mergedRoleVars(roles: readonly Role[], current: Role | undefined, pick: (r: Role) => Vars): Vars {
  const merged: Vars = {};
  for (const role of roles) if (role !== current) Object.assign(merged, pick(role));
  if (current) Object.assign(merged, pick(current));
  return merged;
}
