// Schemas of a role's files: tasks/main.yml and handlers/main.yml (lists of tasks and handlers, defined in
// task.ts), defaults/ and vars/ (mappings, as vars files are), meta/main.yml (dependencies).
import type { SchemaObject } from 'ajv';
import { vars } from './common.js';

export const varsFile: SchemaObject = { ...vars, title: 'a vars file' };

export const roleMeta: SchemaObject = {
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
};
