// Schemas of tasks, blocks and handlers. A task's module key is one of quorum's modules (short name or
// FQCN); any other key is rejected, so that a typo such as `whne:` is an error instead of a silent no-op.
import type { SchemaObject } from 'ajv';
import { moduleNames } from '../../modules/names.js';
import { variableName, commonTaskKeywords, condition, loopControl, loopItems, nameOrNames, numberOrTemplate, templatableBool } from './common.js';

/**
 * The module keys a task may use (`copy`, `ansible.builtin.copy`, `ansible.legacy.copy`, ...) as one pattern. One regular expression instead of sixty properties keeps the compiled
 * validator small: ajv's compile time grows with the generated code, and every run pays it.
 */
export const moduleKeyPattern = `^(?:ansible\\.(?:builtin|legacy)\\.)?(?:${moduleNames.join('|')})$`;

/** A module's arguments: a mapping, Ansible's free-form `k=v` string (or a raw command), or nothing. */
const moduleArgs: SchemaObject = { type: ['object', 'string', 'null'] };

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

const moduleProperties: Record<string, SchemaObject> = { [moduleKeyPattern]: moduleArgs };

/** Definitions referenced as `#/definitions/...` by every document schema that holds tasks. */
export const taskDefinitions: Readonly<Record<string, SchemaObject>> = {
  task: {
    title: 'a task',
    type: 'object',
    properties: taskKeywords,
    patternProperties: moduleProperties,
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
    properties: { ...taskKeywords, listen: nameOrNames },
    patternProperties: moduleProperties,
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
