import { posix } from 'node:path';
import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { planAttributes } from './support/attributes.js';
import { formatMode, isSymbolicMode, resolveMode } from './support/mode.js';
import type { FactQuery, JsonObject, ModulePlan, RemoteStep } from './types.js';

// ansible.builtin.file: a path's state (file, directory, link, absent, touch) and its mode, owner, group,
// also recursively. Hard links are not supported.

export const fileSpec = {
  options: {
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    state: { type: 'str', choices: ['absent', 'directory', 'file', 'link', 'touch'] },
    src: { type: 'path' },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
    recurse: { type: 'bool', default: false },
    force: { type: 'bool', default: false },
    follow: { type: 'bool', default: true },
    access_time: { type: 'str', choices: ['now', 'preserve'] },
    modification_time: { type: 'str', choices: ['now', 'preserve'] },
  },
  requiredIf: [['state', 'link', ['src']]],
} as const;

type FileArgs = ArgsOf<typeof fileSpec>;
type FileState = NonNullable<FileArgs['state']>;

interface FileFacts {
  path: PathStat;
  /** With recurse: true when some path below differs in mode, owner or group. */
  treeDiffers: boolean;
}

function treeQuery(args: FileArgs): FactQuery<boolean> {
  const tests: string[] = [];
  if (args.mode !== undefined && !isSymbolicMode(args.mode)) {
    tests.push(`! -perm ${formatMode(resolveMode(args.mode, 0, true) ?? 0)}`);
  }
  if (args.owner !== undefined) tests.push(`! -user ${shellQuote(args.owner)}`);
  if (args.group !== undefined) tests.push(`! -group ${shellQuote(args.group)}`);
  if (!args.recurse || tests.length === 0) return { command: 'true', parse: () => false };
  return {
    command: `[ -d ${shellQuote(args.path)} ] && find ${shellQuote(args.path)} \\( ${tests.join(' -o ')} \\) -print | head -n 1`,
    parse: ({ stdout }) => stdout.trim() !== '',
  };
}

function stateOf(stat: PathStat): FileState {
  if (!stat.exists) return 'absent';
  if (stat.kind === 'directory') return 'directory';
  if (stat.kind === 'link') return 'link';
  return 'file';
}

function failed(msg: string, values: JsonObject): ModulePlan {
  return { changed: false, steps: [], failed: true, msg, values };
}

function exec(commands: readonly string[]): RemoteStep[] {
  return commands.map((command) => ({ kind: 'exec', command }));
}

/** Attributes of a path that exists now, or will once `creation` has run (a new path gets every wanted one). */
function withAttributes(args: FileArgs, stat: PathStat, creation: string[], fresh: PathStat, treeDiffers: boolean): ModulePlan {
  const base = stat.exists ? stat : fresh;
  const force = !stat.exists || (args.recurse && treeDiffers);
  const attributes = planAttributes(args.path, base, args, args.recurse, force);
  const values: JsonObject = { path: args.path };
  if (attributes.error) return failed(attributes.error, values);
  const commands = [...creation, ...attributes.commands];
  const mode = attributes.mode ?? base.mode;
  if (mode !== undefined) values['mode'] = formatMode(mode);
  values['owner'] = args.owner ?? base.owner ?? '';
  values['group'] = args.group ?? base.group ?? '';
  return { changed: commands.length > 0, steps: exec(commands), values };
}

/**
 * Creates a directory and its missing parents. Like Ansible's file module, every directory it creates gets the
 * task's mode, owner and group, not only the last one.
 */
function makeDirectories(args: FileArgs): string {
  const apply: string[] = [];
  if (args.mode !== undefined) {
    const mode = typeof args.mode === 'number' ? formatMode(args.mode) : args.mode;
    apply.push(`chmod ${shellQuote(mode)} -- "$d" || exit 1`);
  }
  if (args.owner !== undefined || args.group !== undefined) {
    apply.push(`chown ${shellQuote(`${args.owner ?? ''}${args.group !== undefined ? `:${args.group}` : ''}`)} -- "$d" || exit 1`);
  }
  return [
    `d=${shellQuote(args.path)}; set --`,
    'while [ ! -e "$d" ]; do set -- "$d" "$@"; d=$(dirname -- "$d"); done',
    `for d in "$@"; do mkdir -- "$d" || exit 1; ${apply.join('; ')}${apply.length ? ';' : ''} done`,
  ].join('\n');
}

/**
 * Points `path` at `src` by making a new link beside it and renaming it over the old one (`mv -T`: rename(2)
 * replaces the link itself, never what it points to). `ln -sfn` unlinks first, so a process that opens the
 * path in between (a running etcd through /opt/etcd/current) would find it missing.
 */
export function atomicLinkCommand(src: string, path: string): string {
  const temp = posix.join(posix.dirname(path), `.${posix.basename(path)}.quorum-link`);
  const t = `${shellQuote(temp)}.$$`;
  return `ln -s -- ${shellQuote(src)} ${t} && { mv -T -f -- ${t} ${shellQuote(path)} || { rm -f -- ${t}; exit 1; }; }`;
}

function stateDiff(path: string, before: FileState, after: FileState) {
  return { before: `path: ${path}\nstate: ${before}\n`, after: `path: ${path}\nstate: ${after}\n` };
}

function planFile(args: FileArgs, facts: FileFacts): ModulePlan {
  const current = stateOf(facts.path);
  const wanted: FileState = args.state ?? (current === 'absent' ? 'file' : current);
  const path = shellQuote(args.path);
  const values: JsonObject = { path: args.path };
  const fresh = (kind: 'file' | 'directory'): PathStat => ({
    exists: true,
    kind,
    mode: kind === 'directory' ? 0o755 : 0o644,
    owner: '',
    group: '',
  });
  let plan: ModulePlan;
  switch (wanted) {
    case 'absent':
      plan = current === 'absent' ? { changed: false, steps: [], values } : { changed: true, steps: exec([`rm -rf -- ${path}`]), values };
      break;
    case 'file':
      if (current === 'absent') return failed(`file (${args.path}) is absent, cannot continue`, values);
      if (current === 'directory') return failed(`${args.path} is a directory, not a file (use state: directory)`, values);
      plan = withAttributes(args, facts.path, [], fresh('file'), false);
      break;
    case 'directory':
      if (current !== 'absent' && current !== 'directory') {
        return failed(`${args.path} already exists as a ${current}; remove it first or use another path`, values);
      }
      plan = withAttributes(args, facts.path, current === 'absent' ? [makeDirectories(args)] : [], fresh('directory'), facts.treeDiffers);
      break;
    case 'touch': {
      const keepTimes = args.modification_time === 'preserve' && args.access_time === 'preserve';
      const touch = current === 'absent' || !keepTimes ? [`touch -- ${path}`] : [];
      plan = withAttributes(args, facts.path, touch, fresh('file'), false);
      break;
    }
    case 'link': {
      const src = args.src ?? '';
      if (current === 'link' && facts.path.linkTarget === src) {
        plan = { changed: false, steps: [], values: { ...values, src } };
        break;
      }
      if (current === 'directory') return failed(`refusing to convert directory ${args.path} to a symlink`, values);
      if (current === 'file' && !args.force) {
        return failed(`refusing to convert from file to symlink for ${args.path} (set force: true to replace it)`, values);
      }
      plan = { changed: true, steps: exec([atomicLinkCommand(src, args.path)]), values: { ...values, src } };
      break;
    }
  }
  plan.values['state'] = wanted;
  if (plan.changed && current !== wanted) plan.diff = stateDiff(args.path, current, wanted);
  return plan;
}

export const file = defineModule<typeof fileSpec, FileFacts>(fileSpec, {
  name: 'file',
  gather(args) {
    const followLinks = args.follow && args.state !== 'link' && args.state !== 'absent';
    return { path: statQuery(args.path, { follow: followLinks }), treeDiffers: treeQuery(args) };
  },
  plan(args, facts) {
    return planFile(args, facts);
  },
});
