import { basename, posix } from 'node:path';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { findControllerFile } from './support/controller-file.js';
import { diffLimit, planWriteFile } from './support/write-file.js';

// ansible.builtin.template: renders `src` (found in the role's templates/, then the playbook's) with the
// host's variables on the controller, then writes it like copy, with backup and validate.

export const templateSpec = {
  options: {
    src: { type: 'path', required: true },
    dest: { type: 'path', required: true },
    backup: { type: 'bool', default: false },
    force: { type: 'bool', default: true },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
    validate: { type: 'str' },
    follow: { type: 'bool', default: false },
    newline_sequence: { type: 'str', default: '\n', choices: ['\n', '\r', '\r\n'] },
  },
} as const;

interface TemplateFacts {
  dest: PathStat;
  inside: PathStat;
}

interface RenderedTemplate {
  path: string;
  text: string;
}

export const template = defineModule<typeof templateSpec, TemplateFacts, RenderedTemplate>(templateSpec, {
  name: 'template',
  async prepare(args, ctx) {
    const found = await findControllerFile(args.src, ctx.templateSearchDirs, ctx.readControllerFile);
    const rendered = await ctx.renderTemplate(found.path);
    const text = args.newline_sequence === '\n' ? rendered : rendered.replace(/\r?\n/g, args.newline_sequence);
    return { path: found.path, text };
  },
  gather(args, _local, ctx) {
    const options = { checksum: true, follow: args.follow, ...(ctx.diff ? { contentLimit: diffLimit } : {}) };
    return {
      dest: statQuery(args.dest, options),
      inside: statQuery(posix.join(args.dest, basename(args.src)), options),
    };
  },
  plan(args, facts, local, ctx) {
    const intoDirectory = args.dest.endsWith('/') || (facts.dest.exists && facts.dest.kind === 'directory');
    const plan = planWriteFile(
      {
        dest: intoDirectory ? posix.join(args.dest, basename(args.src)) : args.dest,
        content: Buffer.from(local.text, 'utf8'),
        source: local.path,
        mode: args.mode,
        owner: args.owner,
        group: args.group,
        backup: args.backup,
        force: args.force,
        validate: args.validate,
      },
      intoDirectory ? facts.inside : facts.dest,
      ctx,
    );
    plan.values['src'] = args.src;
    return plan;
  },
});
