// The inventory: Ansible-compatible YAML and INI inventories, group_vars/ and host_vars/, host patterns.
export type { Inventory, InventoryGroup, InventoryHost, VarsDirectory } from './types.js';
export type { InventoryMapping, InventoryValue } from './values.js';
export { loadInventory, type LoadInventoryOptions } from './load.js';
export { selectHosts, splitHostPattern, hostsOfGroup } from './patterns.js';
export { hostVars, groupsOfHost, sortGroups } from './host-vars.js';
export { addHostToGroup, GroupCycleError, type GroupAddition } from './add-to-group.js';
export { readLateGroupVars, type LateGroupVars } from './late-group-vars.js';
