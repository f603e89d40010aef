import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { groupEntryQuery, missingGroupsQuery, userEntryQuery, type GroupEntry, type UserEntry } from './facts/accounts.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.user: a local account present (uid, primary and supplementary groups, shell, home,
// comment) or absent, through useradd/usermod/userdel. Removing an account never removes its home unless
// `remove: true`. Passwords, SSH keys and expiry are not supported (an unknown argument is refused).

export const userSpec = {
  options: {
    name: { type: 'str', required: true, aliases: ['user'] },
    uid: { type: 'int' },
    group: { type: 'str' },
    groups: { type: 'list', elements: 'str' },
    append: { type: 'bool', default: false },
    system: { type: 'bool', default: false },
    shell: { type: 'str' },
    home: { type: 'path' },
    create_home: { type: 'bool', default: true, aliases: ['createhome'] },
    move_home: { type: 'bool', default: false },
    comment: { type: 'str' },
    non_unique: { type: 'bool', default: false },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    remove: { type: 'bool', default: false },
    force: { type: 'bool', default: false },
  },
} as const;

type UserArgs = ArgsOf<typeof userSpec>;

interface UserFacts {
  user: UserEntry | undefined;
  /** The group named like the user: useradd would try to create it (USERGROUPS_ENAB) and fail. */
  sameNameGroup: GroupEntry | undefined;
  /** Groups the task names that the host does not have. */
  missingGroups: string[];
}

/** Ansible writes `groups: a,b` as well as a list; an empty string means no supplementary groups. */
function wantedGroups(args: UserArgs): string[] | undefined {
  if (args.groups === undefined) return undefined;
  return args.groups.flatMap((g) => g.split(',')).map((g) => g.trim()).filter((g) => g !== '');
}

function sameGroup(wanted: string, current: UserEntry): boolean {
  return wanted === current.group || (/^\d+$/.test(wanted) && Number(wanted) === current.gid);
}

function createCommand(args: UserArgs, facts: UserFacts): string {
  const flags: string[] = [];
  if (args.uid !== undefined) flags.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (args.group !== undefined) flags.push('-g', shellQuote(args.group));
  // As Ansible does: with no group given and a group of the user's name already there, no user group.
  else if (facts.sameNameGroup) flags.push('-N');
  const groups = wantedGroups(args);
  if (groups !== undefined && groups.length > 0) flags.push('-G', shellQuote(groups.join(',')));
  if (args.comment !== undefined) flags.push('-c', shellQuote(args.comment));
  if (args.home !== undefined) flags.push('-d', shellQuote(args.home));
  if (args.shell !== undefined) flags.push('-s', shellQuote(args.shell));
  if (args.system) flags.push('-r');
  flags.push(args.create_home ? '-m' : '-M');
  return ['useradd', ...flags, shellQuote(args.name)].join(' ');
}

/** usermod flags for what differs; none when the account already is as wanted. */
function modifyFlags(args: UserArgs, current: UserEntry): string[] {
  const flags: string[] = [];
  if (args.uid !== undefined && args.uid !== current.uid) flags.push('-u', String(args.uid), ...(args.non_unique ? ['-o'] : []));
  if (args.group !== undefined && !sameGroup(args.group, current)) flags.push('-g', shellQuote(args.group));
  const groups = wantedGroups(args);
  if (groups !== undefined) {
    const missing = groups.filter((g) => !current.groups.includes(g) && g !== current.group);
    const extra = current.groups.filter((g) => !groups.includes(g));
    if (args.append && missing.length > 0) flags.push('-a', '-G', shellQuote(missing.join(',')));
    if (!args.append && (missing.length > 0 || extra.length > 0)) flags.push('-G', shellQuote(groups.join(',')));
  }
  if (args.comment !== undefined && args.comment !== current.comment) flags.push('-c', shellQuote(args.comment));
  if (args.home !== undefined && args.home !== current.home) flags.push('-d', shellQuote(args.home), ...(args.move_home ? ['-m'] : []));
  if (args.shell !== undefined && args.shell !== current.shell) flags.push('-s', shellQuote(args.shell));
  return flags;
}

function describe(args: UserArgs, entry: UserEntry | undefined): JsonObject {
  const values: JsonObject = { name: args.name, state: args.state };
  if (args.state === 'absent') return { ...values, remove: args.remove, force: args.force };
  const groups = wantedGroups(args) ?? entry?.groups;
  const fields: JsonObject = {
    uid: args.uid ?? entry?.uid ?? null,
    group: args.group ?? entry?.group ?? null,
    home: args.home ?? entry?.home ?? null,
    shell: args.shell ?? entry?.shell ?? null,
    comment: args.comment ?? entry?.comment ?? null,
    groups: groups === undefined ? null : groups.join(','),
  };
  for (const [key, value] of Object.entries(fields)) if (value !== null) values[key] = value;
  return { ...values, system: args.system, create_home: args.create_home, append: args.append };
}

function planUser(args: UserArgs, facts: UserFacts): ModulePlan {
  const current = facts.user;
  const values = describe(args, current);
  const name = shellQuote(args.name);
  if (args.state === 'absent') {
    if (!current) return { changed: false, steps: [], values };
    const flags = [args.remove ? '-r' : '', args.force ? '-f' : ''].filter((f) => f !== '');
    return { changed: true, steps: [{ kind: 'exec', command: ['userdel', ...flags, name].join(' ') }], values };
  }
  const missing = facts.missingGroups[0];
  if (missing !== undefined) {
    return { changed: false, steps: [], failed: true, msg: `Group ${missing} does not exist (create it first with the group module)`, values };
  }
  if (!current) return { changed: true, steps: [{ kind: 'exec', command: createCommand(args, facts) }], values };
  const flags = modifyFlags(args, current);
  if (flags.length === 0) return { changed: false, steps: [], values };
  return { changed: true, steps: [{ kind: 'exec', command: ['usermod', ...flags, name].join(' ') }], values };
}

export const user = defineModule<typeof userSpec, UserFacts>(userSpec, {
  name: 'user',
  gather(args) {
    const named = [...(args.group !== undefined && !/^\d+$/.test(args.group) ? [args.group] : []), ...(wantedGroups(args) ?? [])];
    return {
      user: userEntryQuery(args.name),
      sameNameGroup: groupEntryQuery(args.name),
      missingGroups: args.state === 'present' ? missingGroupsQuery(named) : { command: 'true', parse: () => [] },
    };
  },
  plan(args, facts) {
    return planUser(args, facts);
  },
});
