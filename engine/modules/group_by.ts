import { defineModule } from './define.js';
import type { ModulePlan } from './types.js';

// ansible.builtin.group_by: puts the host in a group (created if new) for the rest of the playbook. The module
// only names the group and its parents, as Ansible's action plugin returns `add_group` and `parent_groups`; the
// executor changes the run's inventory and decides `changed` (whether the host was new to the group).

/** Ansible's default: the new group sits directly under `all`. */
const defaultParents: string[] = ['all'];

export const groupBySpec = {
  options: {
    key: { type: 'str', required: true },
    parents: { type: 'list', elements: 'str', default: defaultParents },
  },
} as const;

/** Ansible replaces spaces in group names with dashes (group names are identifiers in INI and patterns). */
export function groupNameOf(written: string): string {
  return written.replaceAll(' ', '-');
}

export const group_by = defineModule<typeof groupBySpec, Record<never, never>>(groupBySpec, {
  name: 'group_by',
  gather() {
    return {};
  },
  plan(args): ModulePlan {
    const group = groupNameOf(args.key);
    if (group === '') return { changed: false, steps: [], failed: true, msg: 'group_by: the key is empty once templated', values: {} };
    return { changed: false, steps: [], values: { add_group: group, parent_groups: args.parents.map(groupNameOf) } };
  },
});
