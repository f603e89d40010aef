// Written tasks, blocks and handlers -> resolved TaskNodes, with the checks of a task's own shape that a
// schema cannot express: exactly one module (or include) per task, `loop` xor `with_items`, module
// arguments against the module's schema, handlers that can be notified. Files pulled in by a literal
// import_tasks/include_tasks path are loaded and checked here too.
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { resolveModuleName, type ModuleName } from '../modules/names.js';
import { isFile, isTemplated, readDocument, type LoadContext } from './load-context.js';
import { normaliseModuleArgs } from './module-args.js';
import { moduleArgDiagnostics } from './module-args-check.js';
import { moduleKeyPattern, taskKeywords } from './schemas/task.js';
import { unknownKeyHint } from './schema-diagnostics.js';
import type { CommonKeywords, Handler, LoopControl, ModuleTask, RoleTask, SourcePosition, TaskNode, TasksFileTask } from './types.js';
import {
  conditions,
  isMapping,
  list,
  loopItems,
  mapping,
  names,
  optionalBool,
  optionalNumberOrTemplate,
  optionalString,
  type WrittenMapping,
} from './written-values.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

/** Where a list of tasks was written, and where the files it names are looked up. */
export interface TaskScope {
  source: YamlSource;
  /** Directories a relative import_tasks/include_tasks path is tried in, in order. */
  searchDirs: readonly string[];
  /** Task files being loaded around this one, to stop an import cycle. */
  fileChain: readonly string[];
}

const includeKeys = ['import_tasks', 'include_tasks', 'import_role', 'include_role'] as const;
type IncludeKey = (typeof includeKeys)[number];
const moduleKeyShape = new RegExp(moduleKeyPattern);
const taskKeywordList = Object.keys(taskKeywords);

function error(code: string, message: string, pos: SourcePosition, hint?: string): Diagnostic {
  return { severity: 'error', code, message, ...pos, hint };
}

export function commonKeywords(written: WrittenMapping): CommonKeywords {
  return {
    become: optionalBool(written.become),
    becomeUser: optionalString(written.become_user),
    ignoreErrors: optionalBool(written.ignore_errors),
    checkMode: optionalBool(written.check_mode),
    diff: optionalBool(written.diff),
    noLog: optionalBool(written.no_log),
    runOnce: optionalBool(written.run_once),
    delegateTo: optionalString(written.delegate_to),
    environment: typeof written.environment === 'string' ? written.environment : isMapping(written.environment) ? mapping(written.environment) : undefined,
    tags: names(written.tags, true),
    when: conditions(written.when),
    vars: mapping(written.vars),
  };
}

function loopControl(value: unknown): LoopControl | undefined {
  if (!isMapping(value)) return undefined;
  return {
    loopVar: optionalString(value.loop_var),
    indexVar: optionalString(value.index_var),
    label: optionalString(value.label),
    pause: optionalNumberOrTemplate(value.pause),
    extended: optionalBool(value.extended),
  };
}

export async function normaliseTaskList(ctx: LoadContext, scope: TaskScope, value: unknown, path: readonly PathSegment[]): Promise<TaskNode[]> {
  const tasks: TaskNode[] = [];
  for (const [index, item] of list(value).entries()) {
    const task = await normaliseTaskOrBlock(ctx, scope, item, [...path, index]);
    if (task) tasks.push(task);
  }
  return tasks;
}

export async function normaliseHandlerList(ctx: LoadContext, scope: TaskScope, value: unknown, path: readonly PathSegment[]): Promise<Handler[]> {
  const handlers: Handler[] = [];
  for (const [index, item] of list(value).entries()) {
    if (!isMapping(item)) continue;
    const itemPath = [...path, index];
    const task = await normaliseTask(ctx, scope, item, itemPath, 'a handler');
    const listen = names(item.listen);
    if (!task) {
      ctx.unloadedHandlers.push(...names(item.name), ...listen);
      continue;
    }
    if (task.name === undefined && listen.length === 0) {
      ctx.structural.push(
        error('QUORUM_HANDLER_NO_NAME', 'a handler needs a name (or listen) to be notified by', task.pos, "add 'name:' and notify it by that name"),
      );
    }
    handlers.push({ ...task, listen });
  }
  return handlers;
}

async function normaliseTaskOrBlock(ctx: LoadContext, scope: TaskScope, value: unknown, path: readonly PathSegment[]): Promise<TaskNode | undefined> {
  if (!isMapping(value)) return undefined;
  if ('block' in value) {
    const pos = positionOf(scope.source, path);
    return {
      kind: 'block',
      name: optionalString(value.name),
      ...commonKeywords(value),
      block: await normaliseTaskList(ctx, scope, value.block, [...path, 'block']),
      rescue: await normaliseTaskList(ctx, scope, value.rescue, [...path, 'rescue']),
      always: await normaliseTaskList(ctx, scope, value.always, [...path, 'always']),
      pos,
    };
  }
  return normaliseTask(ctx, scope, value, path, 'a task');
}

/** The keys of a task that say what it does: module keys and include/import keys. */
function actionKeys(written: WrittenMapping): { key: string; module?: ModuleName }[] {
  return Object.keys(written).flatMap((key) => {
    const module = resolveModuleName(key);
    if (module) return [{ key, module }];
    return (includeKeys as readonly string[]).includes(key) ? [{ key }] : [];
  });
}

/**
 * Keys that look like a module but name none of quorum's; the schema let them through (it checks only their
 * shape, see schemas/task.ts) and other keys it already reported.
 */
function unknownModuleKeys(ctx: LoadContext, scope: TaskScope, written: WrittenMapping, path: readonly PathSegment[], what: 'a task' | 'a handler'): string[] {
  const keywords = what === 'a handler' ? [...taskKeywordList, 'listen'] : taskKeywordList;
  const unknown = Object.keys(written).filter((key) => !keywords.includes(key) && !resolveModuleName(key));
  for (const key of unknown.filter((key) => moduleKeyShape.test(key))) {
    ctx.structural.push(error('QUORUM_SCHEMA_UNKNOWN_KEY', `unknown key '${key}' in ${what}`, positionOf(scope.source, [...path, key], 'key'), unknownKeyHint(key, keywords, true, false)));
  }
  return unknown;
}

async function normaliseTask(
  ctx: LoadContext,
  scope: TaskScope,
  written: WrittenMapping,
  path: readonly PathSegment[],
  what: 'a task' | 'a handler',
): Promise<TaskNode | undefined> {
  const pos = positionOf(scope.source, path);
  const actions = actionKeys(written);
  const unknownKeys = unknownModuleKeys(ctx, scope, written, path, what);
  if (actions.length === 0) {
    // An unknown key is most likely the module, misspelled: that was reported, with a hint.
    if (unknownKeys.length === 0) {
      ctx.structural.push(error('QUORUM_TASK_NO_MODULE', 'this task runs no module', pos, 'add a module key, e.g. `command: ...`'));
    }
    return undefined;
  }
  if (actions.length > 1) {
    const second = actions[1]!;
    ctx.structural.push(
      error(
        'QUORUM_TASK_CONFLICTING_ACTIONS',
        `a task runs one module, but this one has '${actions[0]!.key}' and '${second.key}'`,
        positionOf(scope.source, [...path, second.key], 'key'),
        'split it into two tasks',
      ),
    );
  }
  if (written.loop !== undefined && written.with_items !== undefined) {
    ctx.structural.push(
      error('QUORUM_TASK_DUPLICATE_LOOP', "a task has either 'loop' or 'with_items', not both", positionOf(scope.source, [...path, 'with_items'], 'key'), "keep 'loop'"),
    );
  }
  const action = actions[0]!;
  const base = { name: optionalString(written.name), ...commonKeywords(written), pos };
  const loop = written.loop !== undefined ? loopItems(written.loop) : loopItems(written.with_items);
  const loopFields = loop !== undefined ? { loop: { source: written.loop !== undefined ? ('loop' as const) : ('with_items' as const), items: loop } } : {};
  if (!action.module) return normaliseInclude(ctx, scope, written, path, action.key as IncludeKey, { ...base, ...loopFields, loopControl: loopControl(written.loop_control) });

  const moduleKeyPos = positionOf(scope.source, [...path, action.key]);
  if (action.module === 'group_by') ctx.groupByTasks.push(pos);
  const { args, diagnostics } = normaliseModuleArgs(action.module, written[action.key], written.args, moduleKeyPos);
  ctx.structural.push(...diagnostics);
  // Arguments that could not even be parsed would only draw the module's complaints about their leftovers.
  if (ctx.checkModuleArgs && diagnostics.length === 0) {
    const moduleValue = written[action.key];
    const argsKeyword = written.args;
    const argPath = (key: string): PathSegment[] =>
      isMapping(argsKeyword) && key in argsKeyword ? [...path, 'args', key] : isMapping(moduleValue) && key in moduleValue ? [...path, action.key, key] : [...path, action.key];
    ctx.structural.push(...moduleArgDiagnostics(ctx.checkModuleArgs, action.module, args, scope.source, argPath, [...path, action.key]));
  }
  const task: ModuleTask = {
    kind: 'module',
    ...base,
    module: action.module,
    moduleKeyAsWritten: action.key,
    args,
    register: optionalString(written.register),
    ...loopFields,
    loopControl: loopControl(written.loop_control),
    until: written.until === undefined ? undefined : conditions(written.until),
    retries: optionalNumberOrTemplate(written.retries),
    delay: optionalNumberOrTemplate(written.delay),
    notify: names(written.notify),
    changedWhen: written.changed_when === undefined ? undefined : conditions(written.changed_when),
    failedWhen: written.failed_when === undefined ? undefined : conditions(written.failed_when),
  };
  return task;
}

type IncludeBase = Omit<TasksFileTask, 'kind' | 'file' | 'tasks' | 'searchDirs' | 'apply'>;

async function normaliseInclude(
  ctx: LoadContext,
  scope: TaskScope,
  written: WrittenMapping,
  path: readonly PathSegment[],
  key: IncludeKey,
  base: IncludeBase,
): Promise<TaskNode | undefined> {
  const value = written[key];
  const valuePos = positionOf(scope.source, [...path, key]);
  if (key === 'import_role' || key === 'include_role') {
    if (!isMapping(value) || typeof value.name !== 'string') return undefined;
    const role: RoleTask = {
      kind: key,
      ...base,
      role: value.name,
      tasksFrom: optionalString(value.tasks_from),
      handlersFrom: optionalString(value.handlers_from),
      defaultsFrom: optionalString(value.defaults_from),
      varsFrom: optionalString(value.vars_from),
      public: optionalBool(value.public),
      ...(isMapping(value.apply) ? { apply: commonKeywords(value.apply) } : {}),
    };
    // A templated tasks_from is resolved per host at run time; the role itself is still loaded now.
    const tasksFrom = role.tasksFrom !== undefined && !isTemplated(role.tasksFrom) ? role.tasksFrom : undefined;
    if (!isTemplated(role.role)) await ctx.requireRole(role.role, positionOf(scope.source, [...path, key, 'name']), tasksFrom);
    return role;
  }
  const file = typeof value === 'string' ? value : isMapping(value) ? optionalString(value.file) : undefined;
  if (file === undefined) return undefined;
  const apply = key === 'include_tasks' && isMapping(value) && isMapping(value.apply) ? { apply: commonKeywords(value.apply) } : {};
  const node: TasksFileTask = { kind: key, ...base, file, searchDirs: [...scope.searchDirs], ...apply };
  if (isTemplated(file)) return node;
  const candidates = isAbsolute(file) ? [file] : scope.searchDirs.map((dir) => join(dir, file));
  const found = candidates.find(isFile);
  if (!found) {
    ctx.semantic.push(error('QUORUM_TASKS_FILE_NOT_FOUND', `task file '${file}' not found`, valuePos, `looked in ${scope.searchDirs.map(ctx.display).join(', ')}`));
    return node;
  }
  if (scope.fileChain.includes(found)) {
    ctx.semantic.push(error('QUORUM_TASKS_FILE_CYCLE', `task file '${file}' includes itself`, valuePos, [...scope.fileChain, found].map(ctx.display).join(' -> ')));
    return node;
  }
  const source = await readDocument(ctx, found, 'taskFile');
  if (!source) return node;
  const inner: TaskScope = { source, searchDirs: [dirname(found), ...scope.searchDirs], fileChain: [...scope.fileChain, found] };
  return { ...node, tasks: await normaliseTaskList(ctx, inner, source.value, []) };
}
