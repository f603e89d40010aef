import pLimit from 'p-limit';
import type { BlockTask, ModuleTask, RoleTask, TaskNode, TasksFileTask, Vars } from '../load/types.js';
import { evaluateCondition, templateValue } from '../template/public-api.js';
import { verdictAfterTask } from './failure-policy.js';
import { type Frame, enter } from './frame.js';
import type { Notifications } from './notifications.js';
import type { PlayRun } from './run-context.js';
import { type TaskOutcome, runModuleTask } from './run-module-task.js';
import { shouldRunTask } from './tags.js';
import { taskScope } from './task-scope.js';

// The linear strategy: each task runs on every active host of the batch (forks at a time) before the next
// task starts. Blocks route failed hosts to their rescue and every host through their always; roles and
// imports are walked in place with their keywords inherited.

/** Thrown to end the play at once: any_errors_fatal, max_fail_percentage, or `meta: end_play`. */
export class StopPlay extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** `meta: end_batch`: the rest of this batch's tasks are skipped; the next batch runs. */
export class EndBatch extends Error {}

export interface Walk {
  pr: PlayRun;
  notifications: Notifications;
  /** Hosts whose failures a rescue is waiting to handle: they do not count against the failure policy. */
  rescuable: Map<string, number>;
  /** Called by `meta: flush_handlers`. */
  flushHandlers(): Promise<void>;
}

export async function walkTasks(walk: Walk, nodes: readonly TaskNode[], frame: Frame, hosts: readonly string[]): Promise<void> {
  for (const node of nodes) {
    const active = walk.pr.run.hosts.active(hosts);
    if (active.length === 0) return;
    switch (node.kind) {
      case 'module':
        await runModuleNode(walk, node, frame, active);
        break;
      case 'block':
        await runBlock(walk, node, frame, active);
        break;
      case 'import_tasks':
      case 'include_tasks':
        await runTasksFile(walk, node, frame, active);
        break;
      case 'import_role':
      case 'include_role':
        await runRoleTask(walk, node, frame, active);
        break;
    }
  }
}

async function runModuleNode(walk: Walk, task: ModuleTask, frame: Frame, hosts: string[]): Promise<void> {
  const { pr } = walk;
  const { run } = pr;
  if (!shouldRunTask([...frame.tags, ...task.tags], run.options.tags)) return;
  if (task.module === 'meta') {
    await runMeta(walk, task, frame, hosts);
    return;
  }
  run.bus.emit({
    type: 'task_start',
    play: pr.play.name ?? pr.play.hosts,
    task: task.name ?? task.moduleKeyAsWritten,
    module: task.module,
    ...(frame.role ? { role: frame.role.name } : {}),
    handler: frame.handler,
  });
  const runOnceKeyword = task.runOnce ?? frame.keywords.runOnce;
  // Ansible's pause bypasses the host loop: it runs once, on the batch's first host, as if run_once were set.
  const once = task.module === 'pause' || (runOnceKeyword !== undefined && isTrue(runOnceKeyword, walk, hosts[0]!, frame));
  const targets = once ? hosts.slice(0, 1) : hosts;
  const limit = pLimit(Math.max(1, run.options.forks));
  const outcomes = await Promise.all(targets.map((host) => limit(() => runModuleTask(pr, task, frame, host))));
  if (once && task.register) {
    // run_once: every host of the batch sees the one result, as in Ansible.
    const value = run.hosts.of(targets[0]!).setFacts[task.register];
    for (const host of hosts) run.hosts.of(host).setFacts[task.register] = value;
  }
  for (const outcome of outcomes) {
    if (outcome.notify.length > 0) walk.notifications.notify(outcome.host, outcome.notify);
  }
  await applyEffects(walk, outcomes);
  checkFailurePolicy(walk);
}

function isTrue(value: unknown, walk: Walk, host: string, frame: Frame): boolean {
  const scope = taskScope(walk.pr, host, frame, undefined);
  const v = templateValue(value, scope, { engine: walk.pr.run.engine });
  return v === true || (typeof v === 'string' && ['true', 'yes', '1'].includes(v.toLowerCase()));
}

async function applyEffects(walk: Walk, outcomes: TaskOutcome[]): Promise<void> {
  const pause = outcomes.find((o) => o.effect?.kind === 'pause')?.effect;
  if (pause?.kind === 'pause' && pause.seconds !== undefined) {
    await new Promise((r) => setTimeout(r, pause.seconds! * 1000));
  }
}

/** After each task: stop the play if the failures exceed what the play allows. */
function checkFailurePolicy(walk: Walk): void {
  const { pr } = walk;
  const failed = pr.batch.filter((h) => {
    const s = pr.run.hosts.of(h);
    return (s.failed && !walk.rescuable.get(h)) || s.unreachable;
  }).length;
  const maxFail = pr.play.maxFailPercentage === undefined ? undefined : Number(pr.play.maxFailPercentage);
  const anyErrorsFatal = pr.play.anyErrorsFatal === true || pr.play.anyErrorsFatal === 'true';
  const policy = {
    ...(maxFail !== undefined && !Number.isNaN(maxFail) ? { maxFailPercentage: maxFail } : {}),
    anyErrorsFatal,
  };
  // Ansible ends the play when every host has failed only through its own bookkeeping; here, a fully failed
  // batch simply has no active host left, so only the explicit policies stop the play.
  if (failed === 0 || failed >= pr.batch.length) return;
  if (verdictAfterTask(policy, failed, pr.batch.length) === 'stop-play') {
    for (const h of pr.batch) {
      const s = pr.run.hosts.of(h);
      if (!s.unreachable) s.failed = true;
    }
    throw new StopPlay(
      anyErrorsFatal
        ? 'any_errors_fatal: a host failed, so the play stops on every host'
        : `max_fail_percentage ${maxFail}% exceeded: ${failed} of ${pr.batch.length} hosts failed`,
    );
  }
}

async function runMeta(walk: Walk, task: ModuleTask, frame: Frame, hosts: string[]): Promise<void> {
  const action = String(task.args._raw_params ?? task.args.free_form ?? '').trim();
  const { run } = walk.pr;
  const conditions = [...frame.when, ...task.when];
  const applies = (host: string) =>
    evaluateCondition(conditions, taskScope(walk.pr, host, frame, task.vars), { engine: run.engine });
  switch (action) {
    case 'flush_handlers':
      await walk.flushHandlers();
      return;
    case 'noop':
    case 'refresh_inventory':
    case 'reset_connection':
      return;
    case 'clear_host_errors':
      for (const host of walk.pr.batch) run.hosts.of(host).failed = false;
      return;
    case 'end_host':
      for (const host of hosts) if (applies(host)) run.hosts.of(host).ended = true;
      return;
    case 'end_batch':
      if (hosts.some(applies)) throw new EndBatch();
      return;
    case 'end_play':
      if (hosts.some(applies)) {
        for (const host of walk.pr.batch) run.hosts.of(host).ended = true;
        throw new StopPlay('meta: end_play');
      }
      return;
    case 'clear_facts':
      for (const host of hosts) run.hosts.of(host).facts = {};
      return;
    default:
      throw new StopPlay(`meta: '${action}' is not an action quorum knows (${task.pos.file}:${task.pos.line})`);
  }
}

async function runBlock(walk: Walk, block: BlockTask, frame: Frame, hosts: string[]): Promise<void> {
  const { run } = walk.pr;
  const inner = enter(frame, block);
  // A block's `when` applies to each task inside (inherited), as in Ansible; nothing is decided here.
  const hasRescue = block.rescue.length > 0;
  if (hasRescue) for (const h of hosts) walk.rescuable.set(h, (walk.rescuable.get(h) ?? 0) + 1);
  const failedBefore = new Set(hosts.filter((h) => run.hosts.of(h).failed));
  try {
    await walkTasks(walk, block.block, hasRescue ? { ...inner, rescuable: true } : inner, hosts);
  } finally {
    if (hasRescue) for (const h of hosts) walk.rescuable.set(h, (walk.rescuable.get(h) ?? 1) - 1);
  }
  const failedInBlock = hosts.filter((h) => run.hosts.of(h).failed && !failedBefore.has(h));
  if (hasRescue && failedInBlock.length > 0) {
    for (const h of failedInBlock) run.hosts.of(h).failed = false;
    await walkTasks(walk, block.rescue, inner, failedInBlock);
  }
  if (block.always.length > 0) {
    // always runs on hosts that failed in the block too; they stay failed afterwards.
    const stillFailed = hosts.filter((h) => run.hosts.of(h).failed && !failedBefore.has(h));
    for (const h of stillFailed) run.hosts.of(h).failed = false;
    const alwaysHosts = hosts.filter((h) => !run.hosts.of(h).unreachable && !failedBefore.has(h));
    await walkTasks(walk, block.always, inner, alwaysHosts);
    for (const h of stillFailed) run.hosts.of(h).failed = true;
  }
  checkFailurePolicy(walk);
}

async function runTasksFile(walk: Walk, node: TasksFileTask, frame: Frame, hosts: string[]): Promise<void> {
  const { run } = walk.pr;
  if (!node.tasks) {
    throw new StopPlay(
      `${node.pos.file}:${node.pos.line}: ${node.kind} '${node.file}' names its file with a template; ` +
        'quorum resolves task files when the playbook loads, so give a literal path',
    );
  }
  if (node.kind === 'import_tasks') {
    await walkTasks(walk, node.tasks, enter(frame, node), hosts);
    return;
  }
  // include_tasks is dynamic: its own tags and `when` decide whether it runs; the tasks inside do not inherit them.
  if (!shouldRunTask([...frame.tags, ...node.tags], run.options.tags)) return;
  const selected = reportInclude(walk, node, frame, hosts, node.file);
  if (selected.length === 0) return;
  const inner: Frame = { ...frame, includeParams: { ...frame.includeParams, ...node.vars } };
  await forEachIncludeItem(walk, node, inner, selected, (itemFrame, hosts) => walkTasks(walk, node.tasks!, itemFrame, hosts));
}

/**
 * A dynamic include is a task of its own, as in Ansible: it shows as `included` (ok) on the hosts whose `when`
 * holds and as skipped on the others, and the recap counts it so. Returns the hosts that include.
 */
function reportInclude(walk: Walk, node: TasksFileTask | RoleTask, frame: Frame, hosts: string[], what: string): string[] {
  const { run } = walk.pr;
  const task = node.name ?? `${node.kind} ${what}`;
  run.bus.emit({
    type: 'task_start',
    play: walk.pr.play.name ?? walk.pr.play.hosts,
    task,
    module: node.kind,
    ...(frame.role ? { role: frame.role.name } : {}),
    handler: frame.handler,
  });
  const selected: string[] = [];
  for (const host of hosts) {
    const holds = evaluateCondition([...frame.when, ...node.when], taskScope(walk.pr, host, frame, node.vars), {
      engine: run.engine,
      origin: node.pos,
    });
    if (holds) selected.push(host);
    // ansible-playbook counts an include_tasks as ok on each host that includes, but a running include_role
    // not at all; a skipped one of either kind counts as skipped.
    if (holds && node.kind === 'include_role') continue;
    run.bus.emit({
      type: 'host_result',
      task,
      host,
      status: holds ? 'ok' : 'skipped',
      noLog: false,
      ...(holds ? { msg: `included: ${what}` } : {}),
    });
  }
  return selected;
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
  if (!node.loop) {
    await body(frame, hosts);
    return;
  }
  const { run } = walk.pr;
  const loopVar = node.loopControl?.loopVar ?? 'item';
  const items = new Map<string, unknown[]>();
  for (const host of hosts) {
    const scope = taskScope(walk.pr, host, frame, node.vars);
    const value = templateValue(node.loop.items, scope, { engine: run.engine, origin: node.pos });
    if (!Array.isArray(value)) {
      throw new StopPlay(`${node.pos.file}:${node.pos.line}: the loop of ${node.kind} '${'file' in node ? node.file : node.role}' is not a list`);
    }
    items.set(host, node.loop.source === 'with_items' ? value.flatMap((i) => (Array.isArray(i) ? i : [i])) : value);
  }
  if (node.kind === 'include_tasks') {
    // A looped include_tasks counts as ok once per item, as ansible-playbook counts it (reportInclude counted one).
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

async function runRoleTask(walk: Walk, node: RoleTask, frame: Frame, hosts: string[]): Promise<void> {
  const { run } = walk.pr;
  const role = run.playbook.roles.get(node.role);
  if (!role) throw new StopPlay(`${node.pos.file}:${node.pos.line}: the role '${node.role}' was not loaded`);
  const tasks = node.tasksFrom ? role.taskFiles.get(node.tasksFrom) : role.tasks;
  if (!tasks) {
    throw new StopPlay(`${node.pos.file}:${node.pos.line}: the role '${node.role}' has no tasks file '${node.tasksFrom}'`);
  }
  if (node.kind === 'import_role') {
    await walkTasks(walk, tasks, enter(frame, node, { role, roleParams: node.vars }), hosts);
    return;
  }
  if (!shouldRunTask([...frame.tags, ...node.tags], run.options.tags)) return;
  const selected = reportInclude(walk, node, frame, hosts, node.role);
  if (selected.length === 0) return;
  await forEachIncludeItem(walk, node, { ...frame, role, roleParams: node.vars }, selected, (itemFrame, itemHosts) =>
    walkTasks(walk, tasks, itemFrame, itemHosts),
  );
}
