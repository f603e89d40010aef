// Builds inventories in memory from INI or YAML text, through the real parsers, for the table tests.
import type { Diagnostic } from '../../../engine/diagnostics.js';
import { InventoryBuilder } from '../../../engine/inventory/builder.js';
import { parseIniInventory } from '../../../engine/inventory/ini-source.js';
import type { Inventory, VarsDirectory } from '../../../engine/inventory/types.js';
import type { InventoryMapping } from '../../../engine/inventory/values.js';
import { parseYamlFile } from '../../../engine/inventory/yaml-reader.js';
import { parseYamlInventory } from '../../../engine/inventory/yaml-source.js';

export interface Parsed {
  inventory: Inventory;
  diagnostics: Diagnostic[];
}

export function parseInventoryText(format: 'ini' | 'yaml', text: string, varsDirs: readonly VarsDirectory[] = []): Parsed {
  const builder = new InventoryBuilder();
  const diagnostics: Diagnostic[] = [];
  const ctx = { builder, path: '/inv/hosts', displayPath: 'hosts', diagnostics };
  if (format === 'ini') {
    parseIniInventory(text, ctx);
  } else {
    const { yaml, diagnostics: syntax } = parseYamlFile('hosts', text);
    diagnostics.push(...syntax);
    if (syntax.length === 0) parseYamlInventory(yaml, ctx);
  }
  builder.reconcile();
  return {
    inventory: { hosts: builder.hosts, groups: builder.groups, sources: ['/inv/hosts'], inventoryVarsDirs: varsDirs, playVarsDirs: [] },
    diagnostics,
  };
}

/** group_vars/ and host_vars/ contents given as plain objects. */
export function varsDir(groups: Record<string, InventoryMapping>, hosts: Record<string, InventoryMapping> = {}): VarsDirectory {
  return { dir: '/inv', groups: new Map(Object.entries(groups)), hosts: new Map(Object.entries(hosts)) };
}

/** The parts of an inventory that ansible-inventory --list shows, in a form easy to compare. */
export function summary(inventory: Inventory): Record<string, { hosts: string[]; children: string[] }> {
  return Object.fromEntries([...inventory.groups.values()].map((g) => [g.name, { hosts: g.hosts, children: g.children }]));
}
