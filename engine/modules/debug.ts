import { defineModule } from './define.js';
import type { JsonValue, ModulePlan } from './types.js';

// ansible.builtin.debug: prints a message or a variable's value; runs on the controller only.

export const debugSpec = {
  options: {
    msg: { type: 'raw', default: 'Hello world!' },
    var: { type: 'str' },
    verbosity: { type: 'int', default: 0 },
  },
  mutuallyExclusive: [['msg', 'var']],
} as const;

interface DebugInput {
  /** The variable's value when `var` is given; undefined when it is not defined. */
  value?: JsonValue | undefined;
}

export const debug = defineModule<typeof debugSpec, Record<never, never>, DebugInput>(debugSpec, {
  name: 'debug',
  async prepare(args, ctx) {
    return args.var === undefined ? {} : { value: ctx.evaluate(args.var) };
  },
  gather() {
    return {};
  },
  plan(args, _facts, local, ctx): ModulePlan {
    if (ctx.verbosity < args.verbosity) {
      return { changed: false, skipped: true, steps: [], values: { skipped_reason: 'Verbosity threshold not met.' } };
    }
    if (args.var !== undefined) {
      return { changed: false, steps: [], values: { [args.var]: local.value ?? 'VARIABLE IS NOT DEFINED!' } };
    }
    const msg = args.msg;
    return { changed: false, steps: [], ...(typeof msg === 'string' ? { msg } : {}), values: { msg } };
  },
});
