import { defineModule } from './define.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.set_fact: host variables for the executor to merge; runs on the controller only.

export const setFactSpec = {
  options: {
    cacheable: { type: 'bool', default: false },
  },
  anyKeys: true,
} as const;

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const set_fact = defineModule<typeof setFactSpec, Record<never, never>>(setFactSpec, {
  name: 'set_fact',
  gather() {
    return {};
  },
  plan(args): ModulePlan {
    // set_fact's spec takes any variable names besides `cacheable`: the rest of the arguments are the facts.
    const { cacheable, ...facts } = args as JsonObject & { cacheable: boolean };
    if (typeof facts['_raw_params'] === 'string') {
      const msg = `set_fact takes name=value pairs or a mapping; '${facts['_raw_params']}' is not one`;
      return { changed: false, steps: [], failed: true, msg, values: {} };
    }
    const names = Object.keys(facts);
    if (names.length === 0) {
      return {
        changed: false,
        steps: [],
        failed: true,
        msg: 'No key/value pairs provided, at least one is required for this action to succeed',
        values: {},
      };
    }
    const invalid = names.find((name) => !variableName.test(name));
    if (invalid !== undefined) {
      return {
        changed: false,
        steps: [],
        failed: true,
        msg: `The variable name '${invalid}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`,
        values: {},
      };
    }
    return { changed: false, steps: [], facts, cacheable, values: { ansible_facts: facts } };
  },
});
