import { type Inventory, hostsOfGroup } from '../inventory/index.js';

/** Every group with its hosts (descendants' included), `all` and `ungrouped` first: the `groups` variable. */
export function groupsOf(inventory: Inventory): Record<string, string[]> {
  const groups: Record<string, string[]> = { all: [...inventory.hosts.keys()], ungrouped: [] };
  for (const [name] of inventory.groups) if (name !== 'all') groups[name] = hostsOfGroup(inventory, name);
  return groups;
}
