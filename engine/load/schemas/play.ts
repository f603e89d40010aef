// Schema of a playbook: a list of plays. Keys are Ansible's play keywords that quorum supports, plus `rolling`.
import type { SchemaObject } from 'ajv';
import { moduleKeyPattern } from './task.js';
import { environment, nameOrNames, numberOrTemplate, templatableBool, vars } from './common.js';
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

export const playbook: SchemaObject = {
  title: 'a playbook',
  // An empty file is reported by the loader as "the playbook is empty", with a hint.
  type: ['array', 'null'],
  items: { $ref: '#/definitions/play' },
};
