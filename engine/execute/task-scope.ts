import { hostVars, type Inventory } from '../inventory/index.js';
import type { Vars } from '../load/types.js';
import { HostVars } from '../vars/hostvars.js';
import { magicVariables } from '../vars/magic.js';
import { type VariableLayers, resolveVariables } from '../vars/precedence.js';
import { VariableScope } from '../vars/scope.js';
import type { Frame } from './frame.js';
import { factVariables } from './gather-facts.js';
import { templatedVarsFile } from './vars-files.js';
import { mergedRoleVars, rolesInOrder, type PlayRun } from './run-context.js';

// Builds the variables one host sees for one task, through engine/vars/precedence.ts (the one place where
// precedence lives). Scopes are lazy: only the variables a template reads are templated.

// A host's inventory variables, merged once per inventory rather than for every task: the inventory is never
// changed in place (group_by and late group_vars make a new one), and merging walks all of the host's groups.
const inventoryVarsCache = new WeakMap<Inventory, Map<string, Vars>>();
function inventoryVarsOf(inventory: Inventory, host: string): Vars {
  let hosts = inventoryVarsCache.get(inventory);
  if (hosts === undefined) {
    hosts = new Map();
    inventoryVarsCache.set(inventory, hosts);
  }
  let vars = hosts.get(host);
  if (vars === undefined) {
    vars = Object.freeze(hostVars(inventory, host)) as Vars;
    hosts.set(host, vars);
  }
  return vars;
}

export function taskScope(pr: PlayRun, host: string, frame: Frame, taskVars: Vars | undefined): VariableScope {
  const { run, play } = pr;
  const roles = rolesInOrder(play, run.playbook.roles);
  const state = run.hosts.of(host);
  const hostvars: HostVars = new HostVars(run.inventory.hosts, (other): VariableScope =>
    other === host ? scope : playScope(pr, other),
  );
  const inventoryVars = inventoryVarsOf(run.inventory, host);
  const layers: VariableLayers = {
    roleDefaults: mergedRoleVars(roles, frame.role, (r) => r.defaults),
    inventory: inventoryVars,
    facts: factVariables(state.facts),
    playVars: play.vars,
    varsFiles: play.varsFiles.map(
      (f) =>
        f.vars ??
        templatedVarsFile(play, f.file, { inventory: inventoryVars, extraVars: run.options.extraVars as Vars }, play.dir, run.engine, run.varsFiles),
    ),
    roleVars: mergedRoleVars(roles, frame.role, (r) => r.vars),
    blockVars: frame.blockVars,
    taskVars: taskVars ?? {},
    setFacts: state.setFacts,
    roleParams: frame.roleParams,
    includeParams: { ...frame.includeParams, ...frame.perHostParams?.get(host) },
    extraVars: run.options.extraVars,
    magic: magicVariables({
      inventoryHostname: host,
      groups: run.groups,
      playHosts: run.hosts.activeShared(pr.playHosts),
      playHostsAll: pr.playHosts,
      playName: play.name ?? play.hosts,
      playBatch: pr.batch,
      checkMode: run.options.check,
      diffMode: run.options.diff,
      hostvars,
      ...(frame.role ? { rolePath: frame.role.path, roleName: frame.role.name } : {}),
      // An imported playbook's plays see their own directory, as Ansible sets its base directory per play.
      playbookDir: play.dir,
    }),
  };
  const scope: VariableScope = new VariableScope(resolveVariables(layers), { engine: run.engine }, { label: host });
  return scope;
}

/** Another host's variables as `hostvars[h]` shows them: play-level, outside any role or task. */
function playScope(pr: PlayRun, host: string): VariableScope {
  return taskScope(pr, host, { roleParams: {}, includeParams: {}, blockVars: [], tags: [], when: [], keywords: {}, handler: false }, undefined);
}

const connectionVariablePrefixes = ['ansible_', 'quorum_'];

/** A host's connection variables (ansible_host, ansible_user, ...), templated: they may be templates themselves. */
export function connectionVars(scope: VariableScope): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const key of scope.keys()) {
    if (!connectionVariablePrefixes.some((p) => key.startsWith(p))) continue;
    if (key === 'ansible_facts' || key.startsWith('ansible_play') || key.endsWith('_mode')) continue;
    vars[key] = scope.get(key);
  }
  return vars;
}
