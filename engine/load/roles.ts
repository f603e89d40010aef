// Roles: found by name along the search path (the playbook's roles/, the playbook's own directory, the quorum
// checkout's roles/, then roles_path), each loaded once with its tasks, handlers, defaults, vars and meta
// dependencies. Like Ansible, a role needs no tasks/main.yml: a role of defaults or dependencies only is fine.
import { readdirSync } from 'node:fs';
import { basename, extname, isAbsolute, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import { isDirectory, isFile, readDocument, type LoadContext } from './load-context.js';
import { normaliseHandlerList, normaliseTaskList, commonKeywords, type TaskScope } from './normalize-task.js';
import type { Role, RoleReference, SourcePosition, Vars, YamlValue } from './types.js';
import { isMapping, list, mapping, optionalString, type WrittenMapping } from './written-values.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

/** Keys of a `{role: ...}` entry that are keywords; any other key is a role parameter. */
const roleEntryKeywords = new Set(['role', 'name', 'vars', 'tags', 'when', 'become', 'become_user', 'ignore_errors', 'check_mode', 'diff', 'no_log', 'run_once', 'delegate_to', 'environment']);

/** A role entry of `roles:` or `dependencies:` -> a reference; reports an entry without a role name. */
export function roleReference(ctx: LoadContext, source: YamlSource, value: unknown, path: readonly PathSegment[]): RoleReference | undefined {
  const pos = positionOf(source, path);
  if (typeof value === 'string') return { role: value, params: {}, tags: [], when: [], pos };
  if (!isMapping(value)) return undefined;
  const name = optionalString(value.role) ?? optionalString(value.name);
  if (name === undefined) {
    ctx.structural.push({ severity: 'error', code: 'QUORUM_ROLE_NO_NAME', message: "a role entry needs 'role:'", ...pos, hint: "write it as `- role: NAME`" });
    return undefined;
  }
  const params: Vars = { ...mapping(value.vars) };
  for (const [key, param] of Object.entries(value)) {
    if (!roleEntryKeywords.has(key)) params[key] = param as YamlValue;
  }
  const keywords = commonKeywords(value);
  return { role: name, params, tags: keywords.tags, when: keywords.when, become: keywords.become, becomeUser: keywords.becomeUser, pos };
}

/** The directory of a role, or undefined: a name with a slash is a path from the playbook's directory. */
export function findRoleDir(name: string, searchPath: readonly string[], playbookDir: string): string | undefined {
  if (name.includes('/')) {
    const dir = isAbsolute(name) ? name : resolve(playbookDir, name);
    return isDirectory(dir) ? dir : undefined;
  }
  return searchPath.map((dir) => join(dir, name)).find(isDirectory);
}

function availableRoles(searchPath: readonly string[]): string[] {
  return searchPath.flatMap((dir) => {
    if (!isDirectory(dir)) return [];
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && isDirectory(join(dir, entry.name, 'tasks')))
      .map((entry) => entry.name);
  });
}

function roleNotFound(ctx: LoadContext, name: string, pos: SourcePosition): Diagnostic {
  const suggestion = closestMatch(name, availableRoles(ctx.roleSearchPath));
  return {
    severity: 'error',
    code: 'QUORUM_ROLE_NOT_FOUND',
    message: `role '${name}' not found in ${ctx.roleSearchPath.map(ctx.display).join(', ')}`,
    ...pos,
    hint: suggestion ? `did you mean '${suggestion}'?` : 'create the role there, or add its directory to roles_path',
  };
}

/** `main` -> `main.yml`/`main.yaml`; a name with an extension is taken as it is. */
function roleFile(dir: string, part: string, name: string): string | undefined {
  const candidates = extname(name) ? [name] : [`${name}.yml`, `${name}.yaml`];
  return candidates.map((file) => join(dir, part, file)).find(isFile);
}

async function loadVars(ctx: LoadContext, file: string | undefined): Promise<Vars> {
  if (!file) return {};
  const source = await readDocument(ctx, file, 'varsFile');
  return mapping(source?.value);
}

async function loadTaskFile(ctx: LoadContext, role: Role, file: string) {
  const source = await readDocument(ctx, file, 'taskFile');
  if (!source) return [];
  const scope: TaskScope = { source, searchDirs: [join(role.path, 'tasks'), role.path, ctx.playbookDir], fileChain: [file] };
  return normaliseTaskList(ctx, scope, source.value, []);
}

export async function requireRole(ctx: LoadContext, name: string, pos: SourcePosition, tasksFrom?: string): Promise<Role | undefined> {
  const role = ctx.roles.get(name) ?? (await loadRole(ctx, name, pos));
  if (role && tasksFrom !== undefined && !role.taskFiles.has(tasksFrom)) {
    const file = roleFile(role.path, 'tasks', tasksFrom);
    if (!file) {
      ctx.semantic.push({ severity: 'error', code: 'QUORUM_TASKS_FILE_NOT_FOUND', message: `role '${name}' has no tasks file '${tasksFrom}'`, ...pos, hint: `looked in ${ctx.display(join(role.path, 'tasks'))}` });
      role.taskFiles.set(tasksFrom, []);
    } else {
      role.taskFiles.set(tasksFrom, []);
      role.taskFiles.set(tasksFrom, await loadTaskFile(ctx, role, file));
    }
  }
  return role;
}

async function loadRole(ctx: LoadContext, name: string, pos: SourcePosition): Promise<Role | undefined> {
  const path = findRoleDir(name, ctx.roleSearchPath, ctx.playbookDir);
  if (!path) {
    ctx.semantic.push(roleNotFound(ctx, name, pos));
    return undefined;
  }
  const parts = ['tasks', 'handlers', 'defaults', 'vars', 'meta'].map((part) => roleFile(path, part, 'main'));
  const [tasksFile, handlersFile, defaultsFile, varsFile, metaFile] = parts;
  const role: Role = {
    name,
    path,
    defaults: await loadVars(ctx, defaultsFile),
    vars: await loadVars(ctx, varsFile),
    tasks: [],
    taskFiles: new Map(),
    handlers: [],
    filesDir: isDirectory(join(path, 'files')) ? join(path, 'files') : undefined,
    templatesDir: isDirectory(join(path, 'templates')) ? join(path, 'templates') : undefined,
    dependencies: [],
  };
  // Registered before its tasks load, so that a task of the role including the role itself finds it.
  ctx.roles.set(name, role);
  ctx.rolesInProgress.push(name);
  try {
    if (parts.every((part) => part === undefined)) {
      ctx.semantic.push({
        severity: 'warning',
        code: 'QUORUM_ROLE_EMPTY',
        message: `role '${name}' at ${ctx.display(path)} has no tasks, handlers, defaults, vars or meta main.yml`,
        ...pos,
        hint: `add ${basename(path)}/tasks/main.yml`,
      });
    }
    if (tasksFile) role.tasks = await loadTaskFile(ctx, role, tasksFile);
    if (handlersFile) {
      const source = await readDocument(ctx, handlersFile, 'handlerFile');
      if (source) {
        const scope: TaskScope = { source, searchDirs: [join(path, 'handlers'), join(path, 'tasks'), ctx.playbookDir], fileChain: [handlersFile] };
        role.handlers = await normaliseHandlerList(ctx, scope, source.value, []);
      }
    }
    if (metaFile) role.dependencies = await loadDependencies(ctx, metaFile);
  } finally {
    ctx.rolesInProgress.pop();
  }
  return role;
}

async function loadDependencies(ctx: LoadContext, metaFile: string): Promise<RoleReference[]> {
  const source = await readDocument(ctx, metaFile, 'roleMeta');
  if (!source || !isMapping(source.value)) return [];
  const meta: WrittenMapping = source.value;
  const references: RoleReference[] = [];
  for (const [index, entry] of list(meta.dependencies).entries()) {
    const reference = roleReference(ctx, source, entry, ['dependencies', index]);
    if (!reference) continue;
    references.push(reference);
    if (ctx.rolesInProgress.includes(reference.role)) {
      const chain = [...ctx.rolesInProgress.slice(ctx.rolesInProgress.indexOf(reference.role)), reference.role].join(' -> ');
      ctx.semantic.push({ severity: 'error', code: 'QUORUM_ROLE_CYCLE', message: `role '${reference.role}' depends on itself: ${chain}`, ...reference.pos, hint: 'remove one of these dependencies' });
      continue;
    }
    await requireRole(ctx, reference.role, reference.pos);
  }
  return references;
}
