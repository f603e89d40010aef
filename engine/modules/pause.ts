import { defineModule } from './define.js';
import type { ModulePlan } from './types.js';

// ansible.builtin.pause: the executor waits (or prompts); the module only says for how long.

export const pauseSpec = {
  options: {
    minutes: { type: 'float' },
    seconds: { type: 'float' },
    prompt: { type: 'str' },
    echo: { type: 'bool', default: true },
  },
  mutuallyExclusive: [['minutes', 'seconds']],
} as const;

export const pause = defineModule<typeof pauseSpec, Record<never, never>>(pauseSpec, {
  name: 'pause',
  gather() {
    return {};
  },
  plan(args): ModulePlan {
    const seconds = args.minutes !== undefined ? args.minutes * 60 : args.seconds;
    if (seconds !== undefined && seconds < 0) {
      return { changed: false, steps: [], failed: true, msg: 'pause takes a duration of zero or more', values: {} };
    }
    return {
      changed: false,
      steps: [],
      effect: { kind: 'pause', seconds, prompt: args.prompt, echo: args.echo },
      values: { echo: args.echo, user_input: '' },
    };
  },
});
