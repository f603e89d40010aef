import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { groupEntryQuery, type GroupEntry } from './facts/accounts.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.group: a local group present (with a gid) or absent, through groupadd/groupmod/groupdel.

export const groupSpec = {
  options: {
    name: { type: 'str', required: true },
    gid: { type: 'int' },
    system: { type: 'bool', default: false },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    non_unique: { type: 'bool', default: false },
  },
} as const;

type GroupArgs = ArgsOf<typeof groupSpec>;

interface GroupFacts {
  group: GroupEntry | undefined;
}

function planGroup(args: GroupArgs, current: GroupEntry | undefined): ModulePlan {
  const name = shellQuote(args.name);
  const values: JsonObject = { name: args.name, state: args.state, system: args.system };
  if (args.state === 'absent') {
    if (!current) return { changed: false, steps: [], values };
    return { changed: true, steps: [{ kind: 'exec', command: `groupdel ${name}` }], values };
  }
  const unique = args.non_unique ? ' -o' : '';
  if (!current) {
    const flags = [args.gid !== undefined ? `-g ${args.gid}${unique}` : '', args.system ? '-r' : ''].filter((f) => f !== '');
    const command = ['groupadd', ...flags, name].join(' ');
    return { changed: true, steps: [{ kind: 'exec', command }], values: args.gid !== undefined ? { ...values, gid: args.gid } : values };
  }
  // An existing group keeps its system-ness: groupmod cannot change it, and Ansible does not try either.
  if (args.gid !== undefined && args.gid !== current.gid) {
    return { changed: true, steps: [{ kind: 'exec', command: `groupmod -g ${args.gid}${unique} ${name}` }], values: { ...values, gid: args.gid } };
  }
  return { changed: false, steps: [], values: { ...values, gid: current.gid } };
}

export const group = defineModule<typeof groupSpec, GroupFacts>(groupSpec, {
  name: 'group',
  gather(args) {
    return { group: groupEntryQuery(args.name) };
  },
  plan(args, facts) {
    return planGroup(args, facts.group);
  },
});
