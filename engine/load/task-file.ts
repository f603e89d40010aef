// A task file read while the run goes: an include_tasks (or include_role tasks_from) whose file name is a
// template is resolved per host, so its file can only be read then. It gets the same checks as any task file
// at load time, and every problem comes back at once for the executor to fail that host's include with.
import { dirname } from 'node:path';
import { hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { readDocument } from './load-context.js';
import type { ModuleArgsChecker } from './module-args-check.js';
import { newLoadContext } from './new-context.js';
import { normaliseTaskList, type TaskScope } from './normalize-task.js';
import { createSchemaSet } from './schema-set.js';
import type { Role, SourcePosition, TaskNode } from './types.js';

export interface RunTimeTaskFile {
  /** Present when no diagnostic is an error. */
  tasks?: TaskNode[];
  /** Roles the file's tasks name that the run had not loaded (include_role inside it). */
  newRoles: Map<string, Role>;
  diagnostics: Diagnostic[];
}

export interface RunTimeTaskFileOptions {
  /** The directory of the playbook (or imported playbook) the include belongs to. */
  playbookDir: string;
  /** Directories the file's own relative includes are tried in after its own directory. */
  searchDirs: readonly string[];
  /** The run's roles, reused. */
  roles: ReadonlyMap<string, Role>;
  rolesPath?: readonly string[];
  cwd?: string;
  /** The module registry's checks (the executor has the registry loaded already). */
  checkModuleArgs?: ModuleArgsChecker;
}

/** A load context for one file read at run time: the play's directory and roles, the load-time checks. */
function runTimeLoadContext(options: Omit<RunTimeTaskFileOptions, 'searchDirs'>): ReturnType<typeof newLoadContext> {
  return newLoadContext({
    schemas: createSchemaSet(),
    checkModuleArgs: options.checkModuleArgs,
    playbookDir: options.playbookDir,
    rolesPath: options.rolesPath ?? [],
    cwd: options.cwd ?? process.cwd(),
    roles: options.roles,
  });
}

/** Reads and checks the task file at `path` (absolute, known to exist). */
export async function loadTaskFileAtRunTime(path: string, options: RunTimeTaskFileOptions): Promise<RunTimeTaskFile> {
  const ctx = runTimeLoadContext(options);
  const source = await readDocument(ctx, path, 'taskFile');
  const scope: TaskScope | undefined = source && { source, searchDirs: [dirname(path), ...options.searchDirs], fileChain: [path] };
  const tasks = scope ? await normaliseTaskList(ctx, scope, scope.source.value, []) : [];
  const diagnostics = [...sortDiagnostics(ctx.structural), ...sortDiagnostics(ctx.semantic)];
  const newRoles = new Map([...ctx.roles].filter(([name]) => !options.roles.has(name)));
  if (!source || hasErrors(diagnostics)) return { newRoles, diagnostics };
  return { tasks, newRoles, diagnostics };
}

export interface RunTimeRole {
  /** Present when the role loaded without errors. */
  role?: Role;
  newRoles: Map<string, Role>;
  diagnostics: Diagnostic[];
}

/**
 * A role that include_role names with a template (`name: "{{ which }}"`), found and read at run time along the
 * role search path of the play's directory, with the same checks as at load time.
 */
export async function loadRoleAtRunTime(name: string, pos: SourcePosition, options: Omit<RunTimeTaskFileOptions, 'searchDirs'>): Promise<RunTimeRole> {
  const ctx = runTimeLoadContext(options);
  const role = await ctx.requireRole(name, pos);
  const diagnostics = [...sortDiagnostics(ctx.structural), ...sortDiagnostics(ctx.semantic)];
  const newRoles = new Map([...ctx.roles].filter(([known]) => !options.roles.has(known)));
  if (!role || hasErrors(diagnostics)) return { newRoles, diagnostics };
  return { role, newRoles, diagnostics };
}
