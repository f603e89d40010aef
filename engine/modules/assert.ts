import { defineModule } from './define.js';
import type { ModulePlan } from './types.js';

// ansible.builtin.assert: every condition of `that` must hold; runs on the controller only.

export const assertSpec = {
  options: {
    that: { type: 'list', elements: 'raw', required: true },
    fail_msg: { type: 'str', aliases: ['msg'] },
    success_msg: { type: 'str' },
    quiet: { type: 'bool', default: false },
  },
} as const;

interface AssertOutcome {
  /** The first condition that did not hold, as written. */
  failedCondition?: string;
}

export const assert = defineModule<typeof assertSpec, Record<never, never>, AssertOutcome>(assertSpec, {
  name: 'assert',
  async prepare(args, ctx) {
    for (const condition of args.that) {
      const holds = typeof condition === 'boolean' ? condition : ctx.evaluateCondition(String(condition));
      if (!holds) return { failedCondition: String(condition) };
    }
    return {};
  },
  gather() {
    return {};
  },
  plan(args, _facts, local): ModulePlan {
    if (local.failedCondition !== undefined) {
      const msg = args.fail_msg ?? 'Assertion failed';
      return { changed: false, steps: [], failed: true, msg, values: { evaluated_to: false, assertion: local.failedCondition } };
    }
    const msg = args.success_msg ?? 'All assertions passed';
    return { changed: false, steps: [], msg, values: args.quiet ? {} : { msg } };
  },
});
