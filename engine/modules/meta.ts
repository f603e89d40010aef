import { defineModule } from './define.js';
import { metaActions } from './types.js';

// ansible.builtin.meta: an instruction to the executor (flush_handlers, end_play, ...).

export const metaSpec = {
  options: {
    _raw_params: { type: 'str', required: true, choices: metaActions },
  },
} as const;

export const meta = defineModule<typeof metaSpec, Record<never, never>>(metaSpec, {
  name: 'meta',
  gather() {
    return {};
  },
  plan(args) {
    return { changed: false, steps: [], effect: { kind: 'meta', action: args._raw_params }, values: {} };
  },
});
