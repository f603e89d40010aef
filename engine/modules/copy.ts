import { basename, posix } from 'node:path';
import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { planAttributes } from './support/attributes.js';
import { backupCommand, backupPath } from './support/backup.js';
import { findControllerFile } from './support/controller-file.js';
import { diffLimit, planWriteFile } from './support/write-file.js';
import { formatMode } from './support/mode.js';
import type { ModulePlan, PlanContext, RemoteStep } from './types.js';

// ansible.builtin.copy: a file from the controller (`src`) or inline `content` to `dest`; with `remote_src`
// a file already on the host. Directories as `src` are not supported (a clear error says so).

export const copySpec = {
  options: {
    src: { type: 'path' },
    content: { type: 'str' },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true, aliases: ['thirsty'] },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
    remote_src: { type: 'bool', default: false },
    validate: { type: 'str' },
    follow: { type: 'bool', default: false },
  },
  mutuallyExclusive: [['content', 'src']],
  requiredOneOf: [['content', 'src']],
} as const;

type CopyArgs = ArgsOf<typeof copySpec>;

interface CopyFacts {
  dest: PathStat;
  /** dest/basename(src), the real target when dest is a directory. */
  inside: PathStat;
  /** The source on the host, with remote_src. */
  remote: PathStat;
}

interface CopySource {
  content?: Buffer;
  /** The after_header of a diff. */
  label: string;
}

function insidePath(dest: string, src: string | undefined): string {
  return src === undefined ? dest : posix.join(dest, basename(src));
}

function planRemoteCopy(src: string, dest: string, source: PathStat, target: PathStat, args: CopyArgs, ctx: PlanContext): ModulePlan {
  const values = { dest, src, state: 'file' };
  if (!source.exists || source.kind !== 'file') {
    return { changed: false, steps: [], failed: true, msg: `Source ${src} not found on the host`, values };
  }
  if (target.exists && target.sha256 === source.sha256) {
    const attributes = planAttributes(dest, target, args);
    if (attributes.error) return { changed: false, steps: [], failed: true, msg: attributes.error, values };
    return { changed: attributes.commands.length > 0, steps: attributes.commands.map((command) => ({ kind: 'exec', command })), values };
  }
  if (target.exists && !args.force) return { changed: false, steps: [], values };
  const steps: RemoteStep[] = [];
  const result: ModulePlan['values'] = { ...values };
  if (target.exists && args.backup) {
    const backup = backupPath(dest, ctx.now());
    steps.push({ kind: 'exec', command: backupCommand(dest, backup) });
    result['backup_file'] = backup;
  }
  steps.push({ kind: 'exec', command: `cp -- ${shellQuote(src)} ${shellQuote(dest)}` });
  // cp keeps an existing target's mode and owner; a new one gets the source's mode and the caller as owner,
  // so every wanted attribute is set on a new file.
  const after = { ...source, ...(target.exists ? { mode: target.mode, owner: target.owner, group: target.group } : {}) };
  const attributes = planAttributes(dest, { ...after, kind: 'file' }, args, false, !target.exists);
  steps.push(...attributes.commands.map((command): RemoteStep => ({ kind: 'exec', command })));
  if (attributes.mode !== undefined) result['mode'] = formatMode(attributes.mode);
  const plan: ModulePlan = { changed: true, steps, values: result };
  if (ctx.diff) {
    plan.diff = { before: target.content ?? '', after: source.content ?? '', before_header: dest, after_header: src };
  }
  return plan;
}

export const copy = defineModule<typeof copySpec, CopyFacts, CopySource>(copySpec, {
  name: 'copy',
  async prepare(args, ctx): Promise<CopySource> {
    if (args.content !== undefined) return { content: Buffer.from(args.content, 'utf8'), label: 'dynamically generated' };
    if (args.remote_src) return { label: args.src ?? '' };
    const found = await findControllerFile(args.src ?? '', ctx.fileSearchDirs, ctx.readControllerFile);
    return { content: found.content, label: found.path };
  },
  gather(args, _local, ctx) {
    const contentLimit = ctx.diff ? diffLimit : undefined;
    const options = { checksum: true, follow: args.follow, ...(contentLimit !== undefined ? { contentLimit } : {}) };
    return {
      dest: statQuery(args.dest, options),
      inside: statQuery(insidePath(args.dest, args.src), options),
      remote: args.remote_src && args.src ? statQuery(args.src, options) : { command: 'true', parse: () => ({ exists: false }) },
    };
  },
  plan(args, facts, local, ctx) {
    const intoDirectory = args.dest.endsWith('/') || (facts.dest.exists && facts.dest.kind === 'directory');
    if (intoDirectory && args.content !== undefined) {
      return { changed: false, steps: [], failed: true, msg: 'can not use content with a dir as dest', values: { dest: args.dest } };
    }
    const dest = intoDirectory ? insidePath(args.dest, args.src) : args.dest;
    const current = intoDirectory ? facts.inside : facts.dest;
    if (args.remote_src) return planRemoteCopy(args.src ?? '', dest, facts.remote, current, args, ctx);
    const plan = planWriteFile(
      {
        dest,
        content: local.content ?? Buffer.alloc(0),
        source: local.label,
        mode: args.mode,
        owner: args.owner,
        group: args.group,
        backup: args.backup,
        force: args.force,
        validate: args.validate,
      },
      current,
      ctx,
    );
    if (args.src !== undefined) plan.values['src'] = args.src;
    return plan;
  },
});
