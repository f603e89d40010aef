import { formatDiagnostic } from '../diagnostics.js';
import { GroupCycleError, addHostToGroup, readLateGroupVars } from '../inventory/index.js';
import type { RunContext } from './run-context.js';
import { groupsOf } from './run-groups.js';

// Applies a group_by result to the run: the run's inventory (later plays' `hosts:` patterns, `groups`,
// `group_names`, group_vars/) sees the host in its new group from the next task on, as in ansible-playbook.

export type JoinOutcome = { changed: boolean } | { error: string };

/** `add_group` and `parent_groups` as the group_by module registers them. */
export interface GroupByValues {
  add_group: string;
  parent_groups: string[];
}

export function joinGroup(run: RunContext, host: string, values: GroupByValues): JoinOutcome {
  let addition;
  try {
    addition = addHostToGroup(run.inventory, host, values.add_group, values.parent_groups);
  } catch (error) {
    if (error instanceof GroupCycleError) return { error: error.message };
    throw error;
  }
  const late = readLateGroupVars(addition.inventory, addition.createdGroups);
  if (late.diagnostics.length > 0) return { error: late.diagnostics.map(formatDiagnostic).join('; ') };
  run.inventory = late.inventory;
  if (addition.changed) run.groups = groupsOf(late.inventory);
  return { changed: addition.changed };
}
