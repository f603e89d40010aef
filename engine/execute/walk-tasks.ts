import pLimit from 'p-limit';
import type { BlockTask, ModuleTask, TaskNode } from '../load/types.js';
import { evaluateCondition, templateValue } from '../template/public-api.js';
import { verdictAfterTask } from './failure-policy.js';
import { type Frame, enter } from './frame.js';
import type { Notifications } from './notifications.js';
import type { PlayRun } from './run-context.js';
import { type TaskOutcome, runModuleTask } from './run-module-task.js';
import { shouldRunTask } from './tags.js';
import { runRoleTask, runTasksFile } from './run-includes.js';
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
export function checkFailurePolicy(walk: Walk): void {
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
