import { defineModule } from './define.js';

// ansible.builtin.fail: fails the task with a message; runs on the controller only.

export const failSpec = {
  options: {
    msg: { type: 'str', default: 'Failed as requested from task' },
  },
} as const;

export const fail = defineModule<typeof failSpec, Record<never, never>>(failSpec, {
  name: 'fail',
  gather() {
    return {};
  },
  plan(args) {
    return { changed: false, steps: [], failed: true, msg: args.msg, values: {} };
  },
});
