import type { InventoryMapping, InventoryValue, VarMap } from './values.js';

export interface InventoryHost {
  name: string;
  /** Own variables from the inventory files (host lines, `hosts:` entries, ports), in the order they were set. */
  vars: VarMap;
  /** The groups the host was put in directly, in the order the files name them. */
  groups: string[];
  /** The inventory file that first named the host (Ansible's `inventory_file`). */
  source: string | undefined;
}

export interface InventoryGroup {
  name: string;
  /** Hosts put directly in this group, in file order. */
  hosts: string[];
  /** Child groups, in the order they were added. */
  children: string[];
  parents: string[];
  /** Variables set on the group in the inventory files (not group_vars/). */
  vars: VarMap;
  /** `ansible_group_priority`: among groups of the same depth, a higher one is applied later and wins. */
  priority: number;
  /** The longest path from `all`: deeper (more specific) groups are applied later and win. */
  depth: number;
}

/** group_vars/ and host_vars/ found in one directory, already read and merged per group and per host. */
export interface VarsDirectory {
  dir: string;
  groups: ReadonlyMap<string, InventoryMapping>;
  hosts: ReadonlyMap<string, InventoryMapping>;
}

export interface Inventory {
  /** In the order the hosts were first seen (Ansible's order for patterns that name hosts). */
  hosts: ReadonlyMap<string, InventoryHost>;
  /** In the order the groups were first seen; `all` and `ungrouped` come first. */
  groups: ReadonlyMap<string, InventoryGroup>;
  /** The inventory sources as given (-i), made absolute. */
  sources: readonly string[];
  /** One per inventory source, in order: the directory that holds the source file, or the source directory. */
  inventoryVarsDirs: readonly VarsDirectory[];
  /** The playbook's directory (for `quorum inventory`: the working directory or --playbook-dir), applied after. */
  playVarsDirs: readonly VarsDirectory[];
}

export type { InventoryMapping, InventoryValue, VarMap };
