import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, join } from 'node:path';
import { formatDiagnostic } from '../diagnostics.js';
import { type RunTimeTaskFile, loadRoleAtRunTime, loadTaskFileAtRunTime } from '../load/task-file.js';
import { parse } from 'yaml';
import type { Role, RoleTask, TaskNode, TasksFileTask, Vars } from '../load/types.js';
import { checkModuleArgs } from '../modules/registry.js';
import { templateValue } from '../template/public-api.js';
import type { Frame } from './frame.js';
import type { PlayRun, RunContext } from './run-context.js';
import { taskScope } from './task-scope.js';

// Which tasks an include runs on one host: a literal file was loaded with the playbook; a templated one
// (include_tasks "{{ x }}.yml", include_role tasks_from "{{ y }}") is templated for the host, looked up
// as Ansible looks it up, and read once per run. A file that is not there is an error that names the
// task's file and line, what was written, and every path tried.

/**
 * The tasks to run, how the include's result names them, and the role they belong to when the include named
 * it with a template; or why the host's include fails.
 */
export type IncludeTarget = { tasks: TaskNode[]; shown: string; role?: Role } | { error: string };

/** A role of the playbook, or one that a task file read at run time brought in. */
export function roleNamed(run: RunContext, name: string): Role | undefined {
  return run.playbook.roles.get(name) ?? run.dynamicRoles?.get(name);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function where(node: TasksFileTask | RoleTask): string {
  return `${node.pos.file}:${node.pos.line}:${node.pos.col}`;
}

/** The written name templated for the host, or the template's error. */
function templatedName(pr: PlayRun, node: TasksFileTask | RoleTask, frame: Frame, host: string, written: string): string | { error: string } {
  try {
    return String(templateValue(written, taskScope(pr, host, frame, node.vars), { engine: pr.run.engine, origin: node.pos }));
  } catch (error) {
    return { error: `${where(node)}: ${node.kind} '${written}': ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function resolveTasksFile(pr: PlayRun, node: TasksFileTask, frame: Frame, host: string): Promise<IncludeTarget> {
  const name = templatedName(pr, node, frame, host, node.file);
  if (typeof name !== 'string') return name;
  const candidates = isAbsolute(name) ? [name] : node.searchDirs.map((dir) => join(dir, name));
  const found = candidates.find(isFile);
  if (!found) {
    return { error: `${where(node)}: ${node.kind} '${node.file}': no task file '${name}' (tried ${candidates.join(', ')})` };
  }
  return loadTarget(pr, found, node.searchDirs);
}

/** The task file of a role that tasks_from names: `main` is `tasks/main.yml` (or .yaml); a name with an extension is itself. */
function roleTaskFileCandidates(role: Role, name: string): string[] {
  const files = extname(name) ? [name] : [`${name}.yml`, `${name}.yaml`];
  return files.map((file) => join(role.path, 'tasks', file));
}

export async function resolveRoleTasks(pr: PlayRun, node: RoleTask, role: Role, frame: Frame, host: string): Promise<IncludeTarget> {
  if (node.tasksFrom === undefined) return { tasks: role.tasks, shown: role.name };
  const loaded = role.taskFiles.get(node.tasksFrom);
  if (loaded) return { tasks: loaded, shown: `${role.name} : ${node.tasksFrom}` };
  const name = templatedName(pr, node, frame, host, node.tasksFrom);
  if (typeof name !== 'string') return name;
  const known = role.taskFiles.get(name);
  if (known) return { tasks: known, shown: `${role.name} : ${name}` };
  const candidates = roleTaskFileCandidates(role, name);
  const found = candidates.find(isFile);
  if (!found) {
    return { error: `${where(node)}: ${node.kind} '${role.name}' tasks_from '${node.tasksFrom}': no task file '${name}' (tried ${candidates.join(', ')})` };
  }
  return loadTarget(pr, found, [join(role.path, 'tasks'), role.path, pr.play.dir]);
}

/** Reads a task file once per run (every host that resolves to it shares the same tasks). */
async function loadTarget(pr: PlayRun, path: string, searchDirs: readonly string[]): Promise<IncludeTarget> {
  const { run } = pr;
  const cache = (run.taskFiles ??= new Map<string, Promise<RunTimeTaskFile>>());
  let pending = cache.get(path);
  if (!pending) {
    pending = loadTaskFileAtRunTime(path, {
      playbookDir: pr.play.dir,
      searchDirs,
      roles: new Map([...run.playbook.roles, ...(run.dynamicRoles ?? [])]),
      checkModuleArgs: (module, args) => checkModuleArgs(module, { ...args }),
    });
    cache.set(path, pending);
  }
  const loaded = await pending;
  if (!loaded.tasks) return { error: loaded.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('; ') };
  const dynamicRoles = (run.dynamicRoles ??= new Map<string, Role>());
  for (const [name, role] of loaded.newRoles) if (!roleNamed(run, name)) dynamicRoles.set(name, role);
  return { tasks: loaded.tasks, shown: path };
}

/** The include_role's tasks for the host: of its role, or (a templated name) of the role the name gives. */
export async function resolveRoleTarget(pr: PlayRun, node: RoleTask, loaded: Role | undefined, frame: Frame, host: string): Promise<IncludeTarget> {
  let role: Role | string;
  if (loaded) role = loaded;
  else {
    const name = templatedName(pr, node, frame, host, node.role);
    if (typeof name !== 'string') return name;
    role = roleNamed(pr.run, name) ?? (await loadRole(pr, node, name));
  }
  if (typeof role === 'string') return { error: role };
  const withFiles = roleWithFromFiles(pr, node, role, frame, host);
  if ('error' in withFiles) return withFiles;
  const target = await resolveRoleTasks(pr, node, withFiles, frame, host);
  return 'error' in target || withFiles === loaded ? target : { ...target, role: withFiles };
}

/**
 * `vars_from` / `defaults_from`: the role with vars/<name> or defaults/<name> in place of its main.yml, for the
 * tasks this include runs (the file name may be a template, resolved for the host). Files are read once per run.
 */
function roleWithFromFiles(pr: PlayRun, node: RoleTask, role: Role, frame: Frame, host: string): Role | { error: string } {
  if (node.varsFrom === undefined && node.defaultsFrom === undefined) return role;
  const copy: Role = { ...role };
  for (const [written, part] of [
    [node.varsFrom, 'vars'],
    [node.defaultsFrom, 'defaults'],
  ] as const) {
    if (written === undefined) continue;
    const name = templatedName(pr, node, frame, host, written);
    if (typeof name !== 'string') return name;
    const files = extname(name) ? [name] : [`${name}.yml`, `${name}.yaml`];
    const candidates = files.map((file) => join(role.path, part, file));
    const found = candidates.find(isFile);
    if (!found) return { error: `${where(node)}: ${node.kind} '${role.name}' ${part}_from '${written}': no file '${name}' (tried ${candidates.join(', ')})` };
    const vars = readRoleVars(pr.run, found);
    if (typeof vars === 'string') return { error: `${where(node)}: ${node.kind} '${role.name}' ${part}_from '${written}': ${vars}` };
    copy[part] = vars;
  }
  return copy;
}

function readRoleVars(run: RunContext, path: string): Vars | string {
  const cached = run.varsFiles.get(path);
  if (cached) return cached;
  let value: unknown;
  try {
    value = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return `${path} does not parse: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) return `${path} must hold a mapping of variables, not ${Array.isArray(value) ? 'a list' : typeof value}`;
  // YAML's parse gives the values a vars file can hold.
  run.varsFiles.set(path, value as Vars);
  return value as Vars;
}

/** Reads a role that a templated include_role names; the run keeps it for the hosts that name it next. */
async function loadRole(pr: PlayRun, node: RoleTask, name: string): Promise<Role | string> {
  const { run } = pr;
  const loaded = await loadRoleAtRunTime(name, node.pos, {
    playbookDir: pr.play.dir,
    roles: new Map([...run.playbook.roles, ...(run.dynamicRoles ?? [])]),
    checkModuleArgs: (module, args) => checkModuleArgs(module, { ...args }),
  });
  if (!loaded.role) {
    // Problems of the role's own files carry their file and line; a role not found is about this task's line.
    const problems = loaded.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => (d.file === node.pos.file && d.line === node.pos.line ? `${d.code}: ${d.message}${d.hint ? ` (${d.hint})` : ''}` : formatDiagnostic(d)))
      .join('; ');
    return `${where(node)}: ${node.kind} '${node.role}' (${name}): ${problems}`;
  }
  const dynamicRoles = (run.dynamicRoles ??= new Map<string, Role>());
  for (const [known, role] of loaded.newRoles) if (!roleNamed(run, known)) dynamicRoles.set(known, role);
  return loaded.role;
}
