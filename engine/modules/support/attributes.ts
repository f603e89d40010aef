import { shellQuote } from '../../connect/local.js';
import type { ModeArg } from '../args/spec.js';
import type { PathStat } from '../facts/stat.js';
import { formatMode, invalidModeMessage, resolveMode } from './mode.js';

// Mode, owner and group of an existing path: what differs from what the task wants, and the chmod/chown
// that fixes it. Shared by file, copy, template, lineinfile, blockinfile and unarchive.

export interface WantedAttributes {
  mode?: ModeArg | undefined;
  owner?: string | undefined;
  group?: string | undefined;
}

export interface AttributePlan {
  commands: string[];
  /** The mode the path will have, when known. */
  mode?: number;
  error?: string;
}

function sameUser(wanted: string, name: string | undefined, id: number | undefined): boolean {
  return wanted === name || (/^\d+$/.test(wanted) && Number(wanted) === id);
}

/**
 * The commands that bring a path's attributes to the wanted ones: none when they already are, or every
 * wanted one when `force` (a path just created, or a tree below that differs somewhere).
 */
export function planAttributes(
  path: string,
  stat: PathStat,
  wanted: WantedAttributes,
  recurse = false,
  force = false,
): AttributePlan {
  const isDir = stat.kind === 'directory';
  const current = stat.mode ?? 0;
  const commands: string[] = [];
  const flag = recurse ? '-R ' : '';
  const target = shellQuote(path);
  let mode: number | undefined = stat.mode;
  if (wanted.mode !== undefined) {
    mode = resolveMode(wanted.mode, current, isDir);
    if (mode === undefined) return { commands: [], error: invalidModeMessage(wanted.mode) };
    if (force || mode !== current) commands.push(`chmod ${flag}${formatMode(mode)} -- ${target}`);
  }
  if (wanted.owner !== undefined && (force || !sameUser(wanted.owner, stat.owner, stat.uid))) {
    commands.push(`chown ${flag}${shellQuote(wanted.owner)} -- ${target}`);
  }
  if (wanted.group !== undefined && (force || !sameUser(wanted.group, stat.group, stat.gid))) {
    commands.push(`chgrp ${flag}${shellQuote(wanted.group)} -- ${target}`);
  }
  return mode === undefined ? { commands } : { commands, mode };
}
