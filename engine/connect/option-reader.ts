import { posix } from 'node:path';
import type { SshArgOption } from './ssh-args.js';
import type { HostKeyChecking, SshOptionsContext } from './ssh-target.js';

// Shared by ssh-options.ts and ssh-jumps.ts: the problems found while reading a host's SSH settings, and the
// readers of single option values (paths with ~, whole numbers, known_hosts lists, StrictHostKeyChecking).

export interface Problem {
  key: string;
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
}

export class OptionReader {
  readonly problems: Problem[] = [];
  constructor(readonly context: SshOptionsContext) {}

  expandPath(path: string): string {
    if (path === '~') return this.context.homeDir;
    if (path.startsWith('~/')) return posix.join(this.context.homeDir, path.slice(2));
    return path;
  }

  integer(source: string, text: string, min: number, max: number, what: string): number | undefined {
    const value = Number(text);
    if (text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max) return value;
    this.problems.push({ key: source, message: `${JSON.stringify(text)} is not ${what}`, hint: `use a whole number from ${min} to ${max}` });
    return undefined;
  }
}

/** The options of one command-line-like variable, tagged with the variable they came from. */
export interface TaggedOption extends SshArgOption {
  source: string;
}

/** The first value of each option wins, as in OpenSSH; IdentityFile accumulates. */
export function firstValues(options: readonly TaggedOption[]): { first: Map<string, TaggedOption>; identityFiles: TaggedOption[] } {
  const first = new Map<string, TaggedOption>();
  const identityFiles: TaggedOption[] = [];
  for (const option of options) {
    if (option.key === 'identityfile') identityFiles.push(option);
    else if (!first.has(option.key)) first.set(option.key, option);
  }
  return { first, identityFiles };
}

export function knownHostsList(value: string, reader: OptionReader): string[] {
  return value
    .split(/\s+/)
    .filter((file) => file !== '' && file !== '/dev/null' && file.toLowerCase() !== 'none')
    .map((file) => reader.expandPath(file));
}

export function hostKeyCheckingValue(option: TaggedOption, reader: OptionReader): HostKeyChecking | undefined {
  const value = option.value.toLowerCase();
  if (['yes', 'ask', 'true'].includes(value)) return 'strict';
  if (value === 'accept-new') return 'accept-new';
  if (['no', 'off', 'false'].includes(value)) return 'off';
  reader.problems.push({ key: option.source, message: `StrictHostKeyChecking=${option.value} is not a value ssh knows`, hint: 'use yes, accept-new or no' });
  return undefined;
}
