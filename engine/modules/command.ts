import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { guardQueries, planCommand, type GuardFacts } from './support/run-command.js';
import { shlexSplit } from './support/shlex.js';

// ansible.builtin.command: runs a program with arguments, with no shell expansion: the free-form line is
// split as shlex does and every argument is quoted, so `$HOME`, `*` and `|` reach the program as written.

export const commandSpec = {
  options: {
    _raw_params: { type: 'str' },
    cmd: { type: 'str' },
    argv: { type: 'list', elements: 'str' },
    chdir: { type: 'path' },
    creates: { type: 'path' },
    removes: { type: 'path' },
    stdin: { type: 'str' },
    stdin_add_newline: { type: 'bool', default: true },
    strip_empty_ends: { type: 'bool', default: true },
  },
  mutuallyExclusive: [
    ['_raw_params', 'argv', 'cmd'],
  ],
} as const;

export const command = defineModule<typeof commandSpec, GuardFacts>(commandSpec, {
  name: 'command',
  gather(args) {
    return guardQueries(args);
  },
  plan(args, facts, _local, ctx) {
    const argv = args.argv ?? shlexSplit(args._raw_params ?? args.cmd ?? '');
    if (typeof argv === 'string') return { changed: false, steps: [], failed: true, msg: argv, values: { rc: 256 } };
    if (argv.length === 0) return { changed: false, steps: [], failed: true, msg: 'no command given', values: { rc: 256 } };
    return planCommand({ ...args, script: argv.map(shellQuote).join(' '), cmd: argv }, facts, ctx);
  },
});
