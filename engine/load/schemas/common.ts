// JSON Schema pieces that several schemas share. Each definition's `title` names the thing for messages
// ("unknown key 'whne' in a task"), which is why every object schema has one.
import type { SchemaObject } from 'ajv';

/** A literal boolean, or a template string evaluated per host ("{{ do_it }}", "yes"). */
export const templatableBool: SchemaObject = { type: ['boolean', 'string'] };

/** `when`, `changed_when`, `failed_when`, `until`: an expression, a boolean, or a list of them (ANDed). */
export const condition: SchemaObject = {
  type: ['string', 'boolean', 'array'],
  items: { type: ['string', 'boolean'] },
};

/** `tags`, `notify`, `listen`: one name or a list of names. */
export const nameOrNames: SchemaObject = {
  type: ['string', 'array'],
  items: { type: ['string', 'number'] },
};

/** Variable names as Ansible accepts them: a letter or underscore, then letters, digits, underscores. */
export const variableName = '^[A-Za-z_][A-Za-z0-9_]*$';

export const vars: SchemaObject = {
  title: 'vars',
  type: ['object', 'null'],
  propertyNames: { pattern: variableName },
};

export const environment: SchemaObject = { type: ['object', 'string'] };

export const numberOrTemplate: SchemaObject = { type: ['number', 'string'] };

export const loopItems: SchemaObject = { type: ['array', 'string'] };

export const loopControl: SchemaObject = {
  title: 'loop_control',
  type: 'object',
  properties: {
    loop_var: { type: 'string', pattern: variableName },
    index_var: { type: 'string', pattern: variableName },
    label: { type: 'string' },
    pause: numberOrTemplate,
    extended: templatableBool,
  },
  additionalProperties: false,
};

/** Keywords every task, block and role reference may carry. */
export const commonTaskKeywords: Readonly<Record<string, SchemaObject>> = {
  name: { type: 'string' },
  when: condition,
  tags: nameOrNames,
  become: templatableBool,
  become_user: { type: 'string' },
  ignore_errors: templatableBool,
  check_mode: templatableBool,
  diff: templatableBool,
  no_log: templatableBool,
  run_once: templatableBool,
  delegate_to: { type: 'string' },
  environment,
  vars,
};
