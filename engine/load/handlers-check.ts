// The semantic rule "a handler notified but never defined", per play: a play's tasks and the tasks of every
// role it uses may notify the play's handlers and the handlers of those roles, by name, by `listen` topic,
// or as `role_name : handler_name`.
import type { Diagnostic } from '../diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import { isTemplated } from './load-context.js';
import type { Handler, Play, Role, TaskNode } from './types.js';

/** Every task under these nodes, blocks and loaded include files opened. */
function* allTasks(nodes: readonly TaskNode[]): Generator<TaskNode> {
  for (const node of nodes) {
    yield node;
    if (node.kind === 'block') {
      yield* allTasks(node.block);
      yield* allTasks(node.rescue);
      yield* allTasks(node.always);
    } else if ((node.kind === 'import_tasks' || node.kind === 'include_tasks') && node.tasks) {
      yield* allTasks(node.tasks);
    }
  }
}

function roleTasks(role: Role): TaskNode[] {
  return [...role.tasks, ...[...role.taskFiles.values()].flat(), ...role.handlers];
}

/**
 * The roles a play uses: its `roles:`, their dependencies, and roles its tasks import or include; `complete`
 * is false when one of them could not be loaded (its handlers are then unknown).
 */
export function rolesOfPlay(play: Play, roles: ReadonlyMap<string, Role>): { used: Role[]; complete: boolean } {
  const used = new Map<string, Role>();
  let complete = true;
  const visit = (name: string): void => {
    const role = roles.get(name);
    if (!role) {
      if (!isTemplated(name)) complete = false;
      return;
    }
    if (used.has(name)) return;
    used.set(name, role);
    role.dependencies.forEach((dependency) => visit(dependency.role));
    for (const task of allTasks(roleTasks(role))) if (task.kind === 'import_role' || task.kind === 'include_role') visit(task.role);
  };
  play.roles.forEach((reference) => visit(reference.role));
  for (const task of allTasks([...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers])) {
    if (task.kind === 'import_role' || task.kind === 'include_role') visit(task.role);
  }
  return { used: [...used.values()], complete };
}

function handlerNames(handlers: readonly Handler[], role?: Role): string[] {
  return handlers.flatMap((handler) => [
    ...(handler.name !== undefined ? [handler.name] : []),
    ...(handler.name !== undefined && role ? [`${role.name} : ${handler.name}`] : []),
    ...handler.listen,
  ]);
}

/**
 * Notifications that reach no handler. `unloadedHandlers` are the names and topics of handlers that were
 * written but could not be loaded (already reported): notifying them is not a second mistake. In a play using a
 * role that could not be found, whose handlers are unknown, only near misses of a known handler are reported.
 */
export function undefinedHandlers(plays: readonly Play[], roles: ReadonlyMap<string, Role>, unloadedHandlers: readonly string[]): Diagnostic[] {
  const found = new Map<string, Diagnostic>();
  for (const play of plays) {
    const { used: playRoles, complete } = rolesOfPlay(play, roles);
    const known = [...handlerNames(play.handlers), ...playRoles.flatMap((role) => handlerNames(role.handlers, role)), ...unloadedHandlers];
    const tasks = [...play.preTasks, ...play.tasks, ...play.postTasks, ...play.handlers, ...playRoles.flatMap(roleTasks)];
    for (const task of allTasks(tasks)) {
      if (task.kind !== 'module') continue;
      for (const name of task.notify) {
        if (isTemplated(name) || known.includes(name)) continue;
        const suggestion = closestMatch(name, known);
        if (!complete && !suggestion) continue;
        const key = `${task.pos.file}:${task.pos.line}:${task.pos.col}:${name}`;
        found.set(key, {
          severity: 'error',
          code: 'QUORUM_HANDLER_UNDEFINED',
          message: `${task.name ? `task '${task.name}'` : 'this task'} notifies '${name}', but no handler of play '${play.name ?? play.hosts}' has that name or listens to it`,
          ...task.pos,
          hint: suggestion ? `did you mean '${suggestion}'?` : "define it under the play's or a role's handlers",
        });
      }
    }
  }
  return [...found.values()];
}
