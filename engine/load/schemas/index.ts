// Every schema of the loader in ONE document, so that ajv compiles each shared definition (a task, a block,
// a role entry) once, whichever file kind refers to it.
import type { SchemaObject } from 'ajv';
import { play, playbook, playbookImport } from './play.js';
import { roleMeta, varsFile } from './role.js';
import { taskDefinitions } from './task.js';

export const schemaId = 'quorum:schemas';

export const rootSchema: SchemaObject = {
  $id: schemaId,
  definitions: { ...taskDefinitions, play, playbook, playbookImport, varsFile, roleMeta },
};

/** The kinds of YAML document the loader reads, each with its definition in rootSchema. */
export const documentDefinitions = {
  playbook: 'playbook',
  taskFile: 'taskList',
  handlerFile: 'handlerList',
  varsFile: 'varsFile',
  roleMeta: 'roleMeta',
} as const;

export type DocumentKind = keyof typeof documentDefinitions;
