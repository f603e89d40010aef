// Schema of a playbook: a list of plays. Keys are Ansible's play keywords that quorum supports, plus `rolling`.
import type { SchemaObject } from 'ajv';
import { moduleKeyPattern } from './task.js';
import { condition, environment, nameOrNames, numberOrTemplate, templatableBool, vars } from './common.js';
import { rolling } from './rolling.js';

export const play: SchemaObject = {
  title: 'a play',
  type: 'object',
  properties: {
    name: { type: 'string' },
    hosts: { type: ['string', 'array'], items: { type: 'string' } },
    vars,
    vars_files: { type: 'array', items: { type: 'string' } },
    roles: { $ref: '#/definitions/roleList' },
    pre_tasks: { $ref: '#/definitions/taskList' },
    tasks: { $ref: '#/definitions/taskList' },
    post_tasks: { $ref: '#/definitions/taskList' },
    handlers: { $ref: '#/definitions/handlerList' },
    serial: { type: ['integer', 'string', 'array'], items: { type: ['integer', 'string'] } },
    max_fail_percentage: numberOrTemplate,
    any_errors_fatal: templatableBool,
    gather_facts: templatableBool,
    become: templatableBool,
    become_user: { type: 'string' },
    tags: nameOrNames,
    environment,
    check_mode: templatableBool,
    force_handlers: templatableBool,
    ignore_errors: templatableBool,
    // quorum runs hosts in lock step (Ansible's default); `free` and `host_pinned` would defeat batching.
    strategy: { enum: ['linear'] },
    module_defaults: {
      title: 'module_defaults',
      type: 'object',
      propertyNames: { pattern: moduleKeyPattern },
      additionalProperties: { type: 'object' },
    },
    rolling,
  },
  required: ['hosts'],
  additionalProperties: false,
};

/** `- import_playbook: other.yml` with the keywords Ansible applies to the imported plays. */
export const playbookImport: SchemaObject = {
  title: 'an import_playbook entry',
  type: 'object',
  properties: {
    // Not minLength: ajv's standalone code would `require` a helper for it, which an ES module cannot.
    import_playbook: { type: 'string' },
    'ansible.builtin.import_playbook': { type: 'string' },
    name: { type: 'string' },
    vars,
    when: condition,
    tags: nameOrNames,
  },
  additionalProperties: false,
};

export const playbook: SchemaObject = {
  title: 'a playbook',
  // An empty file is reported by the loader as "the playbook is empty", with a hint.
  type: ['array', 'null'],
  items: {
    if: {
      type: 'object',
      anyOf: [
        { properties: { import_playbook: true }, required: ['import_playbook'] },
        { properties: { 'ansible.builtin.import_playbook': true }, required: ['ansible.builtin.import_playbook'] },
      ],
    },
    then: { $ref: '#/definitions/playbookImport' },
    else: { $ref: '#/definitions/play' },
  },
};
