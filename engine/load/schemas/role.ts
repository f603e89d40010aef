// Schemas of a role's files: tasks/main.yml and handlers/main.yml (lists), defaults/ and vars/ (mappings),
// meta/main.yml (dependencies), and of task files pulled in with import_tasks/include_tasks and vars_files.
import type { SchemaObject } from 'ajv';
import { taskDefinitions } from './task.js';
import { vars } from './common.js';

export const taskFileSchema: SchemaObject = {
  $id: 'quorum:task-file',
  $ref: '#/definitions/taskList',
  definitions: taskDefinitions,
};

export const handlerFileSchema: SchemaObject = {
  $id: 'quorum:handler-file',
  $ref: '#/definitions/handlerList',
  definitions: taskDefinitions,
};

export const varsFileSchema: SchemaObject = { $id: 'quorum:vars-file', ...vars, title: 'a vars file' };

export const roleMetaSchema: SchemaObject = {
  $id: 'quorum:role-meta',
  title: 'meta/main.yml',
  type: ['object', 'null'],
  properties: {
    dependencies: { $ref: '#/definitions/roleList' },
    allow_duplicates: { type: ['boolean', 'string'] },
    // Ansible Galaxy's metadata and argument specs are accepted and not used.
    galaxy_info: { type: 'object' },
    argument_specs: { type: 'object' },
    collections: { type: 'array' },
  },
  additionalProperties: false,
  definitions: taskDefinitions,
};
