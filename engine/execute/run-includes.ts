import type { Role, RoleTask, TaskNode, TasksFileTask, Vars } from '../load/types.js';
import { evaluateCondition, templateValue } from '../template/public-api.js';
import { isTemplated } from '../load/load-context.js';
import { type Frame, enter } from './frame.js';
import { type IncludeTarget, resolveRoleTarget, resolveTasksFile, roleNamed } from './include-targets.js';
import { shouldRunTask } from './tags.js';
import { taskScope } from './task-scope.js';
import { StopPlay, type Walk, checkFailurePolicy, walkTasks } from './walk-tasks.js';

// import_tasks/include_tasks and import_role/include_role as the linear strategy runs them. Imports are walked
// in place with their keywords inherited. An include is a task of its own: its `when` and tags decide whether
// it runs, its file may be a template resolved per host (hosts that resolve to the same file run it together,
// in the order of the first host of each), and a loop runs it once per item.

type Resolver = (frame: Frame, host: string) => Promise<IncludeTarget>;

export async function runTasksFile(walk: Walk, node: TasksFileTask, frame: Frame, hosts: string[]): Promise<void> {
  const { run } = walk.pr;
  const resolve: Resolver = node.tasks
    ? async () => ({ tasks: node.tasks!, shown: node.file })
    : (itemFrame, host) => resolveTasksFile(walk.pr, node, itemFrame, host);
  if (node.kind === 'import_tasks') {
    // An import is static; only a templated path (extra vars, inventory) is resolved, per host.
    await runResolved(walk, node, enter(frame, node), hosts, resolve, false);
    return;
  }
  // include_tasks is dynamic: its own tags and `when` decide whether it runs; the tasks inside do not inherit them.
  if (!shouldRunTask([...frame.tags, ...node.tags], run.options.tags)) return;
  const withParams: Frame = { ...frame, includeParams: { ...frame.includeParams, ...node.vars } };
  const inner = node.apply ? enter(withParams, node.apply) : withParams;
  await runInclude(walk, node, frame, inner, hosts, node.file, resolve);
}

export async function runRoleTask(walk: Walk, node: RoleTask, frame: Frame, hosts: string[]): Promise<void> {
  const { run } = walk.pr;
  // A templated role name is resolved per host; the role it names is read then (see include-targets.ts).
  const role = roleNamed(run, node.role);
  if (!role && !isTemplated(node.role)) throw new StopPlay(`${node.pos.file}:${node.pos.line}: the role '${node.role}' was not loaded`);
  const resolve: Resolver = (itemFrame, host) => resolveRoleTarget(walk.pr, node, role, itemFrame, host);
  const withRole: Partial<Frame> = { roleParams: node.vars, ...(role ? { role } : {}) };
  if (node.kind === 'import_role') {
    await runResolved(walk, node, enter(frame, node, withRole), hosts, resolve, false);
    return;
  }
  if (!shouldRunTask([...frame.tags, ...node.tags], run.options.tags)) return;
  const inner: Frame = { ...frame, ...withRole };
  await runInclude(walk, node, frame, node.apply ? enter(inner, node.apply) : inner, hosts, node.role, resolve);
}

/** A dynamic include: `when` per host, the include's own result, then its tasks (per loop item). */
async function runInclude(
  walk: Walk,
  node: TasksFileTask | RoleTask,
  frame: Frame,
  inner: Frame,
  hosts: string[],
  what: string,
  resolve: Resolver,
): Promise<void> {
  const task = announceInclude(walk, node, frame, what);
  const selected = hosts.filter((host) =>
    evaluateCondition([...frame.when, ...node.when], taskScope(walk.pr, host, frame, node.vars), { engine: walk.pr.run.engine, origin: node.pos }),
  );
  for (const host of hosts) if (!selected.includes(host)) emitResult(walk, task, host, 'skipped');
  if (selected.length === 0) return;
  if (node.loop) {
    for (const host of selected) reportIncluded(walk, node, task, host, what);
    await forEachIncludeItem(walk, node, inner, selected, (itemFrame, itemHosts) => runResolved(walk, node, itemFrame, itemHosts, resolve, true, task));
    return;
  }
  // Resolved before the include's result is shown: a file that is not there fails the include on that host.
  const targets = await resolveAll(selected, (host) => resolve(inner, host));
  for (const host of selected) {
    const target = targets.get(host)!;
    if ('error' in target) failInclude(walk, inner, task, host, target.error);
    else reportIncluded(walk, node, task, host, target.shown);
  }
  await walkGroups(walk, inner, selected, targets);
  checkFailurePolicy(walk);
}

async function resolveAll(hosts: readonly string[], resolve: (host: string) => Promise<IncludeTarget>): Promise<Map<string, IncludeTarget>> {
  const targets = new Map<string, IncludeTarget>();
  for (const host of hosts) targets.set(host, await resolve(host));
  return targets;
}

/** Resolves the file per host (within one loop pass), fails the hosts whose file is missing, walks the rest. */
async function runResolved(
  walk: Walk,
  node: TasksFileTask | RoleTask,
  frame: Frame,
  hosts: string[],
  resolve: Resolver,
  dynamic: boolean,
  task = node.name ?? `${node.kind} ${'file' in node ? node.file : node.role}`,
): Promise<void> {
  const targets = await resolveAll(hosts, (host) => resolve(frame, host));
  for (const [host, target] of targets) if ('error' in target) failInclude(walk, frame, task, host, target.error);
  await walkGroups(walk, frame, hosts, targets);
  if (dynamic || [...targets.values()].some((t) => 'error' in t)) checkFailurePolicy(walk);
}

/** Hosts that resolved to the same task list run it together, groups in the order of their first host. */
async function walkGroups(walk: Walk, frame: Frame, hosts: readonly string[], targets: ReadonlyMap<string, IncludeTarget>): Promise<void> {
  const groups = new Map<TaskNode[], { hosts: string[]; role?: Role }>();
  for (const host of hosts) {
    const target = targets.get(host)!;
    if ('error' in target) continue;
    const group = groups.get(target.tasks) ?? { hosts: [], ...(target.role ? { role: target.role } : {}) };
    group.hosts.push(host);
    groups.set(target.tasks, group);
  }
  for (const [tasks, group] of groups) await walkTasks(walk, tasks, group.role ? { ...frame, role: group.role } : frame, group.hosts);
}

function announceInclude(walk: Walk, node: TasksFileTask | RoleTask, frame: Frame, what: string): string {
  const task = node.name ?? `${node.kind} ${what}`;
  walk.pr.run.bus.emit({
    type: 'task_start',
    play: walk.pr.play.name ?? walk.pr.play.hosts,
    task,
    module: node.kind,
    ...(frame.role ? { role: frame.role.name } : {}),
    handler: frame.handler,
  });
  return task;
}

function emitResult(walk: Walk, task: string, host: string, status: 'ok' | 'skipped', msg?: string): void {
  walk.pr.run.bus.emit({ type: 'host_result', task, host, status, noLog: false, ...(msg !== undefined ? { msg } : {}) });
}

/**
 * ansible-playbook counts an include_tasks as ok on each host that includes (once per loop item), but a
 * running include_role not at all.
 */
function reportIncluded(walk: Walk, node: TasksFileTask | RoleTask, task: string, host: string, shown: string): void {
  if (node.kind === 'include_role') return;
  emitResult(walk, task, host, 'ok', `included: ${shown}`);
}

/** The include failed on this host (its file is missing or does not load): the host fails, as in Ansible. */
function failInclude(walk: Walk, frame: Frame, task: string, host: string, msg: string): void {
  walk.pr.run.hosts.of(host).failed = true;
  walk.pr.run.bus.emit({
    type: 'host_result',
    task,
    host,
    status: 'failed',
    msg,
    noLog: false,
    ...(frame.rescuable ? { countAs: 'rescued' as const } : {}),
  });
}

/**
 * A looped include runs its tasks once per item; each host loops over its own list (the loop is templated per
 * host), and the hosts that have an n-th item run the n-th pass together, as the linear strategy would.
 */
async function forEachIncludeItem(
  walk: Walk,
  node: TasksFileTask | RoleTask,
  frame: Frame,
  hosts: string[],
  body: (frame: Frame, hosts: string[]) => Promise<void>,
): Promise<void> {
  const { run } = walk.pr;
  const loop = node.loop!;
  const loopVar = node.loopControl?.loopVar ?? 'item';
  const items = new Map<string, unknown[]>();
  for (const host of hosts) {
    const scope = taskScope(walk.pr, host, frame, node.vars);
    const value = templateValue(loop.items, scope, { engine: run.engine, origin: node.pos });
    if (!Array.isArray(value)) {
      throw new StopPlay(`${node.pos.file}:${node.pos.line}: the loop of ${node.kind} '${'file' in node ? node.file : node.role}' is not a list`);
    }
    items.set(host, loop.source === 'with_items' ? value.flatMap((i) => (Array.isArray(i) ? i : [i])) : value);
  }
  if (node.kind === 'include_tasks') {
    // A looped include_tasks counts as ok once per item, as ansible-playbook counts it (one was counted already).
    for (const [host, list] of items) {
      for (let n = 1; n < list.length; n++) {
        run.bus.emit({ type: 'host_result', task: node.name ?? `include_tasks ${node.file}`, host, status: 'ok', noLog: false });
      }
    }
  }
  const passes = Math.max(0, ...[...items.values()].map((list) => list.length));
  for (let index = 0; index < passes; index++) {
    const withItem = run.hosts.active(hosts).filter((h) => items.get(h)!.length > index);
    if (withItem.length === 0) continue;
    const perHostParams = new Map(
      withItem.map((h) => {
        // Items are templated YAML values (strings, numbers, lists, mappings): what Vars holds.
        const params = { [loopVar]: items.get(h)![index], ansible_loop_var: loopVar } as Vars;
        if (node.loopControl?.indexVar) params[node.loopControl.indexVar] = index;
        return [h, params] as const;
      }),
    );
    await body({ ...frame, perHostParams }, withItem);
  }
}
