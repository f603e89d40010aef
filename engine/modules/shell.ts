import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { guardQueries, planCommand, type GuardFacts } from './support/run-command.js';

// ansible.builtin.shell: runs the text through the host's /bin/sh (or `executable -c`), so pipes,
// redirections and variables work.

export const shellSpec = {
  options: {
    _raw_params: { type: 'str' },
    cmd: { type: 'str' },
    chdir: { type: 'path' },
    creates: { type: 'path' },
    removes: { type: 'path' },
    stdin: { type: 'str' },
    stdin_add_newline: { type: 'bool', default: true },
    strip_empty_ends: { type: 'bool', default: true },
    executable: { type: 'path' },
  },
  mutuallyExclusive: [['_raw_params', 'cmd']],
  requiredOneOf: [['_raw_params', 'cmd']],
} as const;

export const shell = defineModule<typeof shellSpec, GuardFacts>(shellSpec, {
  name: 'shell',
  gather(args) {
    return guardQueries(args);
  },
  plan(args, facts, _local, ctx) {
    const text = args._raw_params ?? args.cmd ?? '';
    if (text.trim() === '') return { changed: false, steps: [], failed: true, msg: 'no command given', values: { rc: 256 } };
    const script = args.executable === undefined ? text : `${shellQuote(args.executable)} -c ${shellQuote(text)}`;
    return planCommand({ ...args, script, cmd: text }, facts, ctx);
  },
});
