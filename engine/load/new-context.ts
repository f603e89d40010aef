// Creating a LoadContext: for a playbook (playbook.ts), for a playbook it imports (same load, other directory),
// and for a task file that include_tasks names with a template, read while the run goes (task-file.ts).
import { join, relative, resolve } from 'node:path';
import { repoRoot } from '../paths.js';
import type { LoadContext } from './load-context.js';
import type { ModuleArgsChecker } from './module-args-check.js';
import { requireRole } from './roles.js';
import type { SchemaSet } from './schema-set.js';
import type { Role } from './types.js';

export interface ContextSettings {
  schemas: SchemaSet;
  checkModuleArgs: ModuleArgsChecker | undefined;
  /** The directory of the playbook whose files are being read. */
  playbookDir: string;
  /** More role directories, searched after the playbook's roles/ and the quorum checkout's roles/. */
  rolesPath: readonly string[];
  /** The directory file names in messages are relative to. */
  cwd: string;
  /** Roles already loaded (a run's), reused instead of read again. */
  roles?: ReadonlyMap<string, Role>;
}

/** Role search order: beside the playbook, the quorum checkout, roles_path, and last the playbook's own dir. */
export function roleSearchPath(playbookDir: string, rolesPath: readonly string[]): string[] {
  const dirs = [join(playbookDir, 'roles'), join(repoRoot, 'roles'), ...rolesPath.map((dir) => resolve(dir)), playbookDir];
  return [...new Set(dirs)];
}

/** File names in messages are relative to the working directory, as the user typed them. */
function displayRelativeTo(cwd: string): (path: string) => string {
  return (path) => relative(cwd, path) || '.';
}

export function newLoadContext(settings: ContextSettings): LoadContext {
  const ctx: LoadContext = {
    schemas: settings.schemas,
    checkModuleArgs: settings.checkModuleArgs,
    structural: [],
    semantic: [],
    display: displayRelativeTo(settings.cwd),
    playbookDir: settings.playbookDir,
    roleSearchPath: roleSearchPath(settings.playbookDir, settings.rolesPath),
    roles: new Map(settings.roles ?? []),
    unloadedHandlers: [],
    rolesInProgress: [],
    documents: new Map(),
    groupByTasks: [],
    rolesPath: settings.rolesPath,
    requireRole: (name, pos, tasksFrom) => requireRole(ctx, name, pos, tasksFrom),
  };
  return ctx;
}

/**
 * The same load, for a playbook that `import_playbook` pulls in from another directory: its roles/, vars
 * files and task files are found from there (as Ansible sets its loader's base directory to the imported
 * playbook's), while diagnostics, roles and documents are shared with the importing load.
 */
export function contextForDirectory(ctx: LoadContext, playbookDir: string): LoadContext {
  if (playbookDir === ctx.playbookDir) return ctx;
  const derived: LoadContext = {
    ...ctx,
    playbookDir,
    roleSearchPath: roleSearchPath(playbookDir, ctx.rolesPath),
    requireRole: (name, pos, tasksFrom) => requireRole(derived, name, pos, tasksFrom),
  };
  return derived;
}
