import type { Diagnostic } from '../diagnostics.js';
import type { Inventory, VarsDirectory } from './types.js';
import { VarsFileReader } from './vars-files.js';

// group_vars/ of a group created during the run (group_by): Ansible's vars plugin reads group_vars/<name> for
// every group a host is in, whenever it is asked, so a file for a group that only group_by creates applies
// too. The inventory read group_vars/ for the groups it knew when it loaded; this reads the new ones.

export interface LateGroupVars {
  inventory: Inventory;
  /** Problems in the files read (unparseable YAML, not a mapping): the caller fails the task with them. */
  diagnostics: Diagnostic[];
}

function withGroups(reader: VarsFileReader, dirs: readonly VarsDirectory[], groups: readonly string[]): VarsDirectory[] {
  return dirs.map((dir) => {
    const read = reader.readDirectory(dir.dir, groups, []).groups;
    if (read.size === 0) return dir;
    return { ...dir, groups: new Map([...dir.groups, ...read]) };
  });
}

/** The inventory with group_vars/ read for `groups` beside every inventory source and beside the playbook. */
export function readLateGroupVars(inventory: Inventory, groups: readonly string[]): LateGroupVars {
  const diagnostics: Diagnostic[] = [];
  if (groups.length === 0) return { inventory, diagnostics };
  const reader = new VarsFileReader(diagnostics);
  return {
    inventory: {
      ...inventory,
      inventoryVarsDirs: withGroups(reader, inventory.inventoryVarsDirs, groups),
      playVarsDirs: withGroups(reader, inventory.playVarsDirs, groups),
    },
    diagnostics,
  };
}
