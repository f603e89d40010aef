// The public face of loading: what commands and the executor import.
export { loadPlaybook, loadPlaybookOrThrow, roleSearchPath, type LoadPlaybookOptions, type LoadPlaybookResult } from './playbook.js';
export { createSchemaSet, type SchemaSet } from './schema-set.js';
export type { ModuleArgsChecker, ModuleArgProblem } from './module-args-check.js';
export { loadExtraVars, parseExtraVarsText } from './extra-vars.js';
export { parseFreeForm } from './free-form.js';
export type { MatchHosts } from './normalize-play.js';
export * from './types.js';
export { loadRoleAtRunTime, loadTaskFileAtRunTime, type RunTimeRole, type RunTimeTaskFile, type RunTimeTaskFileOptions } from './task-file.js';
