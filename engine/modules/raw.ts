import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { commandResult } from './support/command-result.js';

// ansible.builtin.raw: the text as is, through the connection's shell; always changed, skipped in check mode.

export const rawSpec = {
  options: {
    _raw_params: { type: 'str', required: true },
    executable: { type: 'path' },
  },
} as const;

export const raw = defineModule<typeof rawSpec, Record<never, never>>(rawSpec, {
  name: 'raw',
  gather() {
    return {};
  },
  plan(args, _facts, _local, ctx) {
    const text = args._raw_params;
    if (ctx.check) return { changed: false, skipped: true, steps: [], msg: 'raw does not support check mode', values: {} };
    const command = args.executable === undefined ? text : `${shellQuote(args.executable)} -c ${shellQuote(text)}`;
    return {
      changed: true,
      steps: [{ kind: 'exec', command, mustSucceed: false }],
      values: {},
      complete: (outputs) => commandResult(outputs[0], false),
    };
  },
});
