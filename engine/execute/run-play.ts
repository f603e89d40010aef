import pLimit from 'p-limit';
import { UnreachableError } from '../connect/types.js';
import { selectHosts } from '../inventory/index.js';
import type { Handler, Play, Role } from '../load/types.js';
import { evaluateCondition, templateValue } from '../template/public-api.js';
import { type Frame, enter, rootFrame } from './frame.js';
import { gatherFacts } from './gather-facts.js';
import { becomeFor } from './run-module-task.js';
import { Notifications } from './notifications.js';
import { type PlayRun, type RunContext, mergedRoleVars, rolesInOrder } from './run-context.js';
import { serialBatches } from './serial.js';
import { EndBatch, StopPlay, type Walk, walkTasks } from './walk-tasks.js';
import { connectionVars, taskScope } from './task-scope.js';

// One play: its hosts (after --limit), cut into batches; for each batch, facts, then pre_tasks, roles and
// tasks, post_tasks, each section followed by its handlers, as ansible-playbook runs a play.

/** The play's hosts: its pattern, intersected with --limit, in inventory order. */
export function playHosts(run: RunContext, play: Play): string[] {
  const hosts = selectHosts(run.inventory, play.hosts);
  if (!run.options.limit) return hosts;
  const allowed = new Set(selectHosts(run.inventory, run.options.limit));
  return hosts.filter((h) => allowed.has(h));
}

/**
 * Runs a play; true when the whole playbook must stop there. As in ansible-playbook, a play that a failure
 * policy stopped (max_fail_percentage, any_errors_fatal), or a batch in which every host failed, ends the
 * playbook, not just the play: the later plays never start.
 */
export async function runPlay(run: RunContext, play: Play): Promise<boolean> {
  const name = play.name ?? play.hosts;
  const hosts = playHosts(run, play);
  run.bus.emit({ type: 'play_start', play: name, hosts });
  if (hosts.length === 0) {
    run.bus.emit({ type: 'warning', message: `no hosts matched for play '${name}' (hosts: ${play.hosts})` });
    return false;
  }
  const roles = rolesInOrder(play, run.playbook.roles);
  if (play.rolling) {
    // Batches of a rolling play come from the cluster's live state, never from a fixed count.
    // A rollout that halted (refused plan, failed batch or gate) leaves a cluster mid-change: no later play
    // may start on top of it.
    const { runRollingPlay } = await import('./rolling-play.js');
    const halted = run.halts.length;
    await runRollingPlay(run, play, hosts, roles);
    return run.halts.length > halted;
  }
  const batches = serialBatches(hosts, play.serial);
  for (const [index, batch] of batches.entries()) {
    const active = run.hosts.active(batch);
    if (active.length === 0) continue;
    if (batches.length > 1) {
      run.bus.emit({ type: 'batch_start', play: name, index: index + 1, count: batches.length, hosts: active });
    }
    const stop = await runBatch(playRun(run, play, hosts, active, roles), roles);
    if (stop) return true;
    // Every host of the batch failed or went unreachable: the play ends, as in ansible-playbook. Hosts that ended
    // themselves (meta: end_host) did not fail, and the next batch goes on.
    if (active.every((h) => run.hosts.of(h).failed || run.hosts.of(h).unreachable)) return true;
  }
  return false;
}

export function playRun(run: RunContext, play: Play, hosts: string[], batch: string[], roles: Role[]): PlayRun {
  return {
    run,
    play,
    playHosts: hosts,
    batch,
    roleDefaults: mergedRoleVars(roles, undefined, (r) => r.defaults),
    roleVars: mergedRoleVars(roles, undefined, (r) => r.vars),
  };
}

/** Runs one batch; true when the play must stop. */
export async function runBatch(pr: PlayRun, roles: Role[]): Promise<boolean> {
  const { run, play } = pr;
  const notifications = new Notifications();
  const handlers = allHandlers(play, roles);
  const playFrame: Frame = enter(rootFrame, { ...play, when: [], vars: {} });
  // An import_playbook's `when` holds for every task of the play, but not for its handlers (as in Ansible).
  const tasksFrame: Frame = play.importWhen.length > 0 ? enter(playFrame, { when: play.importWhen }) : playFrame;
  const walk: Walk = {
    pr,
    notifications,
    rescuable: new Map(),
    flushHandlers: () => flush(walk, handlers, playFrame),
  };
  try {
    if (gatherEnabled(pr)) await gatherAll(pr, tasksFrame);
    await walkTasks(walk, play.preTasks, tasksFrame, pr.batch);
    await walk.flushHandlers();
    // A role runs once per play even when several roles depend on it (Ansible's allow_duplicates: false).
    const applied = new Set<string>();
    for (const ref of play.roles) {
      const role = run.playbook.roles.get(ref.role);
      if (!role || applied.has(role.name)) continue;
      for (const dep of dependenciesOf(role, run.playbook.roles)) {
        if (applied.has(dep.name)) continue;
        applied.add(dep.name);
        await walkTasks(walk, dep.tasks, enter(tasksFrame, { tags: ref.tags, when: ref.when }, { role: dep }), pr.batch);
      }
      applied.add(role.name);
      const roleFrame = enter(tasksFrame, { tags: ref.tags, when: ref.when, become: ref.become, becomeUser: ref.becomeUser }, {
        role,
        roleParams: ref.params,
      });
      await walkTasks(walk, role.tasks, roleFrame, pr.batch);
    }
    await walkTasks(walk, play.tasks, tasksFrame, pr.batch);
    await walk.flushHandlers();
    await walkTasks(walk, play.postTasks, tasksFrame, pr.batch);
    await walk.flushHandlers();
    return false;
  } catch (error) {
    if (error instanceof EndBatch) return false;
    if (error instanceof StopPlay) {
      if (forceHandlers(pr)) await walk.flushHandlers().catch(() => undefined);
      run.bus.emit({ type: 'warning', message: error.reason });
      return true;
    }
    throw error;
  }
}

/** A role's dependencies (meta/main.yml), deepest first, each once, not the role itself. */
function dependenciesOf(role: Role, roles: ReadonlyMap<string, Role>, seen = new Set<string>()): Role[] {
  const out: Role[] = [];
  for (const dep of role.dependencies) {
    const r = roles.get(dep.role);
    if (!r || seen.has(r.name)) continue;
    seen.add(r.name);
    out.push(...dependenciesOf(r, roles, seen), r);
  }
  return out;
}

function allHandlers(play: Play, roles: Role[]): { handler: Handler; role?: Role }[] {
  return [
    ...roles.flatMap((role) => role.handlers.map((handler) => ({ handler, role }))),
    ...play.handlers.map((handler) => ({ handler })),
  ];
}

async function flush(walk: Walk, handlers: { handler: Handler; role?: Role }[], playFrame: Frame): Promise<void> {
  if (walk.notifications.isEmpty) return;
  const identities = handlers.map((h) => ({
    entry: h,
    listen: h.handler.listen,
    ...(h.handler.name !== undefined ? { name: h.handler.name } : {}),
    ...(h.role ? { role: h.role.name } : {}),
  }));
  const { run } = walk.pr;
  for (const { handler, hosts } of walk.notifications.take(identities)) {
    const force = forceHandlers(walk.pr);
    const targets = hosts.filter((h) => {
      const s = run.hosts.of(h);
      return !s.unreachable && (force || !s.failed);
    });
    if (targets.length === 0) continue;
    const frame: Frame = { ...playFrame, handler: true, ...(handler.entry.role ? { role: handler.entry.role } : {}) };
    if (force) for (const h of targets) run.hosts.of(h).failed = false;
    await walkTasks(walk, [handler.entry.handler], frame, targets);
  }
}

function forceHandlers(pr: PlayRun): boolean {
  return pr.run.options.forceHandlers || pr.play.forceHandlers === true;
}

function gatherEnabled(pr: PlayRun): boolean {
  const value = pr.play.gatherFacts;
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  const scope = taskScope(pr, pr.batch[0]!, rootFrame, undefined);
  const v = templateValue(value, scope, { engine: pr.run.engine });
  return v === true || v === 'true' || v === 'yes';
}

/** The implicit first task of a play: facts from every host of the batch. */
async function gatherAll(pr: PlayRun, frame: Frame): Promise<void> {
  const { run } = pr;
  const task = 'Gathering Facts';
  run.bus.emit({ type: 'task_start', play: pr.play.name ?? pr.play.hosts, task, handler: false });
  const limit = pLimit(Math.max(1, run.options.forks));
  await Promise.all(
    pr.batch.map((host) =>
      limit(async () => {
        const state = run.hosts.of(host);
        try {
          const scope = taskScope(pr, host, rootFrame, undefined);
          // The conditions of the import_playbook entries that pulled the play in skip gathering too.
          if (!evaluateCondition(frame.when, scope, { engine: run.engine, origin: pr.play.pos })) {
            run.bus.emit({ type: 'host_result', task, host, status: 'skipped', noLog: false });
            return;
          }
          const connection = await run.connections.get(host, connectionVars(scope));
          const become = becomeFor(pr.play, scope, { engine: run.engine }, run.options.becomePassword);
          state.facts = await gatherFacts(connection, become);
          run.bus.emit({ type: 'host_result', task, host, status: 'ok', noLog: false });
        } catch (error) {
          const msg = error instanceof Error ? error.message : String(error);
          if (error instanceof UnreachableError) state.unreachable = true;
          else state.failed = true;
          run.bus.emit({
            type: 'host_result',
            task,
            host,
            status: error instanceof UnreachableError ? 'unreachable' : 'failed',
            msg: error instanceof UnreachableError ? error.reason : msg,
            noLog: false,
          });
        }
      }),
    ),
  );
}
