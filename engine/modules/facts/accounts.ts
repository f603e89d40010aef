import { shellQuote } from '../../connect/local.js';
import type { FactQuery } from '../types.js';

// Local users and groups as the host's name service reports them (getent reads /etc/passwd and /etc/group,
// and whatever else nsswitch.conf names), for the group and user modules.

export interface GroupEntry {
  name: string;
  gid: number;
}

export interface UserEntry {
  name: string;
  uid: number;
  gid: number;
  /** The primary group's name (its gid when the group has no entry). */
  group: string;
  /** Supplementary groups, by name, without the primary group. */
  groups: string[];
  comment: string;
  home: string;
  shell: string;
}

/** `getent group NAME`: absent when getent finds nothing (exit 2). */
export function groupEntryQuery(name: string): FactQuery<GroupEntry | undefined> {
  return {
    command: `getent group ${shellQuote(name)}`,
    parse: ({ stdout, rc }) => {
      if (rc !== 0) return undefined;
      const [groupName, , gid] = stdout.trim().split(':');
      return { name: groupName ?? name, gid: Number(gid) };
    },
  };
}

/** The passwd entry, then the primary group's name and the supplementary groups' names, one line each. */
export function userEntryQuery(name: string): FactQuery<UserEntry | undefined> {
  const user = shellQuote(name);
  return {
    command: [`getent passwd ${user} || exit 0`, `id -gn ${user} 2>/dev/null || echo`, `id -Gn ${user} 2>/dev/null || echo`].join('\n'),
    parse: ({ stdout }) => parseUserEntry(stdout),
  };
}

export function parseUserEntry(stdout: string): UserEntry | undefined {
  const [passwd, primary, all] = stdout.split('\n');
  if (passwd === undefined || passwd.trim() === '') return undefined;
  const [name, , uid, gid, comment, home, shell] = passwd.split(':');
  const group = primary?.trim() || (gid ?? '');
  const groups = (all ?? '').trim().split(/\s+/).filter((g) => g !== '' && g !== group);
  return { name: name ?? '', uid: Number(uid), gid: Number(gid), group, groups, comment: comment ?? '', home: home ?? '', shell: shell ?? '' };
}

/** The names among `groups` that have no entry on the host. */
export function missingGroupsQuery(groups: readonly string[]): FactQuery<string[]> {
  if (groups.length === 0) return { command: 'true', parse: () => [] };
  return {
    command: `for g in ${groups.map(shellQuote).join(' ')}; do getent group "$g" >/dev/null || printf '%s\\n' "$g"; done`,
    parse: ({ stdout }) => stdout.split('\n').filter((g) => g !== ''),
  };
}
