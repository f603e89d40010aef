// Schemas of tasks, blocks and handlers. Any key that is neither a keyword nor a module is rejected, so that a
// typo such as `whne:` is an error instead of a silent no-op.
import type { SchemaObject } from 'ajv';
import { variableName, commonTaskKeywords, condition, loopControl, loopItems, nameOrNames, numberOrTemplate, templatableBool } from './common.js';

/**
 * What a module key looks like (`copy`, `ansible.builtin.copy`). Whether quorum HAS that module is checked in
 * code against modules/names.ts (normalize-task.ts), so that adding a module never changes the generated
 * validators.
 */
export const moduleKeyPattern = '^[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*$';

/** The same, minus the keywords of the mapping (which have schemas of their own). */
function moduleKeyPatternExcept(keywords: readonly string[]): string {
  return `^(?!(?:${keywords.join('|')})$)${moduleKeyPattern.slice(1)}`;
}

/**
 * A module key's value: accepted here whatever it is, and checked in code (module-args.ts) once the key is
 * known to be a module, so that a misspelt module gets one message (unknown key), not two.
 */
const moduleArgs: SchemaObject = {};

const includeKeywords: Readonly<Record<string, SchemaObject>> = {
  import_tasks: { type: 'string' },
  include_tasks: {
    type: ['string', 'object'],
    properties: { file: { type: 'string' }, apply: { type: 'object' } },
    required: ['file'],
    additionalProperties: false,
  },
  import_role: { $ref: '#/definitions/roleInclude' },
  include_role: { $ref: '#/definitions/roleInclude' },
};

export const taskKeywords: Readonly<Record<string, SchemaObject>> = {
  ...commonTaskKeywords,
  register: { type: 'string', pattern: variableName },
  loop: loopItems,
  with_items: loopItems,
  loop_control: loopControl,
  until: condition,
  retries: numberOrTemplate,
  delay: numberOrTemplate,
  notify: nameOrNames,
  changed_when: condition,
  failed_when: condition,
  args: { type: ['object', 'string'] },
  ...includeKeywords,
};

export const blockKeywords: Readonly<Record<string, SchemaObject>> = {
  ...commonTaskKeywords,
  block: { $ref: '#/definitions/taskList' },
  rescue: { $ref: '#/definitions/taskList' },
  always: { $ref: '#/definitions/taskList' },
};

const handlerKeywords = { ...taskKeywords, listen: nameOrNames };

/** Definitions referenced as `#/definitions/...` by every document schema that holds tasks. */
export const taskDefinitions: Readonly<Record<string, SchemaObject>> = {
  task: {
    title: 'a task',
    type: 'object',
    properties: taskKeywords,
    patternProperties: { [moduleKeyPatternExcept(Object.keys(taskKeywords))]: moduleArgs },
    additionalProperties: false,
  },
  block: {
    title: 'a block',
    type: 'object',
    properties: blockKeywords,
    additionalProperties: false,
  },
  taskOrBlock: {
    // Ansible tells a block from a task by its `block` key; doing the same keeps the messages about the one
    // the user meant, instead of ajv's "must match one of" over both.
    if: { type: 'object', properties: { block: true }, required: ['block'] },
    then: { $ref: '#/definitions/block' },
    else: { $ref: '#/definitions/task' },
  },
  taskList: {
    title: 'a task list',
    type: ['array', 'null'],
    items: { $ref: '#/definitions/taskOrBlock' },
  },
  handler: {
    title: 'a handler',
    type: 'object',
    properties: handlerKeywords,
    patternProperties: { [moduleKeyPatternExcept(Object.keys(handlerKeywords))]: moduleArgs },
    additionalProperties: false,
  },
  handlerList: {
    title: 'a handler list',
    type: ['array', 'null'],
    items: { $ref: '#/definitions/handler' },
  },
  roleInclude: {
    title: 'a role include',
    type: 'object',
    properties: {
      name: { type: 'string' },
      tasks_from: { type: 'string' },
      handlers_from: { type: 'string' },
      defaults_from: { type: 'string' },
      vars_from: { type: 'string' },
      public: templatableBool,
      allow_duplicates: templatableBool,
      apply: { type: 'object' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  roleReference: {
    // `- etcd_install` or `- {role: etcd_install, vars: {...}, tags: [...], when: ...}`; other keys are role
    // parameters, as in Ansible, so they are not rejected here.
    title: 'a role entry',
    type: ['string', 'object'],
    properties: {
      role: { type: 'string' },
      name: { type: 'string' },
      ...commonTaskKeywords,
    },
  },
  roleList: {
    type: ['array', 'null'],
    items: { $ref: '#/definitions/roleReference' },
  },
};
