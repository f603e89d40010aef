// THE one place where variable precedence lives. Ansible's order for the sources quorum has, lowest first;
// a higher layer's variable replaces a lower one's whole (Ansible's default hash_behaviour=replace: dicts are
// not merged). Inventory group and host variables arrive already merged by the inventory code's hostVars().
import type { Vars } from './scope.js';

/**
 * The layers, lowest precedence first. This follows ansible-core's VariableManager.get_vars (2.14): role and
 * include parameters are applied after set_fact/registered variables, so they beat them; extra vars beat
 * everything the user sets; magic variables (inventory_hostname, hostvars, ...) are applied last.
 */
export const PRECEDENCE = [
  'roleDefaults',
  'inventory',
  'facts',
  'playVars',
  'varsFiles',
  'roleVars',
  'blockVars',
  'taskVars',
  'includeVars',
  'setFacts',
  'roleParams',
  'includeParams',
  'extraVars',
  'magic',
] as const;

export type LayerName = (typeof PRECEDENCE)[number];

/** Every source of variables for one host and one task. Absent layers count as empty. */
export interface VariableLayers {
  /** defaults/main.yml of the task's role, its dependencies' defaults merged under it by the caller. */
  readonly roleDefaults?: Vars;
  /** hostVars(inventory, host): group vars (all < parents < children) and host vars, already merged. */
  readonly inventory?: Vars;
  /** Gathered facts and cacheable set_fact results for the host. */
  readonly facts?: Vars;
  readonly playVars?: Vars;
  /** The play's vars_files, in the order listed (later files win). */
  readonly varsFiles?: readonly Vars[];
  /** vars/main.yml of the task's role. */
  readonly roleVars?: Vars;
  /** The vars of the blocks around the task, outermost first (inner blocks win). */
  readonly blockVars?: readonly Vars[];
  readonly taskVars?: Vars;
  /** include_vars results for the host. */
  readonly includeVars?: Vars;
  /** set_fact and registered results for the host, merged in the order they happened. */
  readonly setFacts?: Vars;
  /** Parameters given where the role is applied (`roles: [{role: x, param: 1}]`). */
  readonly roleParams?: Vars;
  /** Parameters of an include_tasks / include_role. */
  readonly includeParams?: Vars;
  /** -e on the command line: always win over anything the playbook or inventory sets. */
  readonly extraVars?: Vars;
  /** inventory_hostname, groups, hostvars, ansible_check_mode, ... (see magic.ts). */
  readonly magic?: Vars;
}

function layerList(layers: VariableLayers, name: LayerName): readonly Vars[] {
  const layer = layers[name];
  if (layer === undefined) return [];
  return name === 'varsFiles' || name === 'blockVars' ? (layer as readonly Vars[]) : [layer as Vars];
}

/** The variables of one host for one task: each name takes its value from the highest layer that sets it. */
export function resolveVariables(layers: VariableLayers): Vars {
  const merged: { [name: string]: unknown } = {};
  for (const name of PRECEDENCE) {
    for (const vars of layerList(layers, name)) {
      for (const key of Object.keys(vars)) {
        // A variable named __proto__ is data, never the object's prototype: defineProperty for it alone, since
        // defineProperty for every key of every host and task costs several times what assignment does.
        if (key === '__proto__') Object.defineProperty(merged, key, { value: vars[key], enumerable: true, writable: true, configurable: true });
        else merged[key] = vars[key];
      }
    }
  }
  return merged;
}

/** Which layer `variable` takes its value from, for `quorum vars --explain`-style output and error hints. */
export function variableSource(layers: VariableLayers, variable: string): LayerName | undefined {
  let source: LayerName | undefined;
  for (const name of PRECEDENCE) {
    if (layerList(layers, name).some((vars) => Object.hasOwn(vars, variable))) source = name;
  }
  return source;
}

/**
 * Layers whose values are data from hosts or earlier results, never templates: gathered facts, set_fact and
 * registered results (already templated when set; a command's output that happens to contain "{{" must not
 * be evaluated, as Ansible marks such values unsafe), and magic variables.
 */
const LITERAL_LAYERS: ReadonlySet<LayerName> = new Set<LayerName>(['facts', 'setFacts', 'magic']);

/** The variables whose value comes from a literal layer: pass to VariableScope's `literal` option. */
export function literalVariableNames(layers: VariableLayers): Set<string> {
  const names = new Set<string>();
  for (const name of PRECEDENCE) {
    for (const vars of layerList(layers, name)) {
      for (const key of Object.keys(vars)) {
        if (LITERAL_LAYERS.has(name)) names.add(key);
        else names.delete(key);
      }
    }
  }
  return names;
}
