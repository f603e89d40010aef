import { dirname, basename } from 'node:path';
import { shellQuote } from '../../connect/local.js';
import type { ModeArg } from '../args/spec.js';
import type { PathStat } from '../facts/stat.js';
import type { FileDiff, JsonObject, ModulePlan, PlanContext, RemoteStep } from '../types.js';
import { planAttributes } from './attributes.js';
import { backupCommand, backupPath } from './backup.js';
import { isText, sha1, sha256 } from './digest.js';
import { formatMode, invalidModeMessage, resolveMode } from './mode.js';

// Putting a whole file in place: copy, template, lineinfile and blockinfile all end here. Unchanged content
// and attributes give no step; changed attributes alone give chmod/chown; changed content gives an optional
// backup, an optional validation of the new file beside the old one, then an atomic replace.

/** The largest file a diff shows, as Ansible's max_diff_size. */
export const diffLimit = 104_448;

export interface WriteFileRequest {
  dest: string;
  content: Buffer;
  /** The diff's after_header: the source file, or 'dynamically generated'. */
  source: string;
  mode?: ModeArg | undefined;
  owner?: string | undefined;
  group?: string | undefined;
  backup: boolean;
  /** Replace a file whose content differs (copy's `force`); false keeps any existing file. */
  force: boolean;
  /** A command with %s for the new file, run before it replaces the old one. */
  validate?: string | undefined;
}

function textOrNote(content: Buffer | string | undefined, size: number): string {
  if (content === undefined) return size > diffLimit ? '[file too large to show a diff]' : '';
  const buffer = typeof content === 'string' ? Buffer.from(content) : content;
  return isText(buffer) ? buffer.toString('utf8') : '[binary file]';
}

export function fileDiff(before: PathStat, after: Buffer, dest: string, source: string): FileDiff {
  return {
    before: before.exists ? textOrNote(before.content, before.size ?? 0) : '',
    after: after.length > diffLimit ? '[file too large to show a diff]' : textOrNote(after, after.length),
    before_header: dest,
    after_header: source,
  };
}

function validationSteps(request: WriteFileRequest, mode: number): RemoteStep[] {
  const staged = `${dirname(request.dest)}/.${basename(request.dest)}.quorum-staged`;
  const validate = request.validate!.includes('%s')
    ? request.validate!.split('%s').join(shellQuote(staged))
    : `${request.validate!} ${shellQuote(staged)}`;
  return [
    {
      kind: 'put',
      path: staged,
      content: request.content,
      mode,
      staging: true,
      ...(request.owner !== undefined ? { owner: request.owner } : {}),
      ...(request.group !== undefined ? { group: request.group } : {}),
    },
    { kind: 'exec', command: `${validate} || { rc=$?; rm -f -- ${shellQuote(staged)}; exit $rc; }` },
    { kind: 'exec', command: `mv -f -- ${shellQuote(staged)} ${shellQuote(request.dest)}` },
  ];
}

/** Plans writing `request.content` to `request.dest`, whose current state is `current`. */
export function planWriteFile(request: WriteFileRequest, current: PathStat, ctx: PlanContext): ModulePlan {
  const checksum = sha1(request.content);
  const values: JsonObject = { dest: request.dest, checksum, size: request.content.length, state: 'file' };
  if (current.exists && current.kind === 'directory') {
    return { changed: false, steps: [], failed: true, msg: `Destination ${request.dest} is a directory`, values };
  }
  if (current.exists && !request.force) return { changed: false, steps: [], values, msg: 'file already exists' };
  const contentChanged = !current.exists || current.sha256 !== sha256(request.content);
  if (!contentChanged) {
    const attributes = planAttributes(request.dest, current, request);
    if (attributes.error) return { changed: false, steps: [], failed: true, msg: attributes.error, values };
    const steps: RemoteStep[] = attributes.commands.map((command) => ({ kind: 'exec', command }));
    const mode = attributes.mode ?? current.mode;
    return {
      changed: steps.length > 0,
      steps,
      values: { ...values, ...(mode !== undefined ? { mode: formatMode(mode) } : {}), owner: request.owner ?? current.owner ?? '', group: request.group ?? current.group ?? '' },
    };
  }
  const baseMode = current.exists ? (current.mode ?? 0o644) : 0o644;
  const mode = request.mode === undefined ? baseMode : resolveMode(request.mode, baseMode, false);
  if (mode === undefined) return { changed: false, steps: [], failed: true, msg: invalidModeMessage(request.mode!), values };
  const owner = request.owner ?? (current.exists ? current.owner : undefined);
  const group = request.group ?? (current.exists ? current.group : undefined);
  const steps: RemoteStep[] = [];
  const result: JsonObject = { ...values, mode: formatMode(mode), owner: owner ?? '', group: group ?? '' };
  if (current.exists && request.backup) {
    const backup = backupPath(request.dest, ctx.now());
    steps.push({ kind: 'exec', command: backupCommand(request.dest, backup) });
    result['backup_file'] = backup;
  }
  if (request.validate) steps.push(...validationSteps({ ...request, owner, group }, mode));
  else {
    steps.push({
      kind: 'put',
      path: request.dest,
      content: request.content,
      mode,
      ...(owner !== undefined ? { owner } : {}),
      ...(group !== undefined ? { group } : {}),
    });
  }
  const plan: ModulePlan = { changed: true, steps, values: result };
  if (ctx.diff) plan.diff = fileDiff(current, request.content, request.dest, request.source);
  return plan;
}

/** The arguments lineinfile and blockinfile share for the file they edit in place. */
export interface InPlaceEditArgs {
  mode?: ModeArg | undefined;
  owner?: string | undefined;
  group?: string | undefined;
  backup: boolean;
  validate?: string | undefined;
}

/** Writes the edited text back over `path` (the file is its own diff header), keeping the edit's attributes. */
export function planInPlaceEdit(path: string, content: string, args: InPlaceEditArgs, current: PathStat, ctx: PlanContext): ModulePlan {
  return planWriteFile(
    {
      dest: path,
      content: Buffer.from(content, 'utf8'),
      source: path,
      mode: args.mode,
      owner: args.owner,
      group: args.group,
      backup: args.backup,
      force: true,
      validate: args.validate,
    },
    current,
    ctx,
  );
}
