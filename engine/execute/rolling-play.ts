import type { Play, Role } from '../load/types.js';
import { clusterTls, memberAccess, type ClusterAccess } from '../etcd/cluster-access.js';
import { ClusterSession } from '../etcd/cluster-session.js';
import type { HeldLock } from '../etcd/cluster-lock.js';
import { hostsByCluster, toPlanHosts } from '../plan/fleet.js';
import { serialCapFromSteps } from '../plan/batch-limits.js';
import { gateOptionsFromSeconds } from '../plan/gate.js';
import { batchStillSafe } from '../plan/batch-safety.js';
import { keepLeaderLast } from '../plan/leader-last.js';
import { planCluster } from '../plan/plan-cluster.js';
import { hostsToRoll } from '../plan/rolling-members.js';
import { renderRefusal } from '../plan/render-text.js';
import type { PlanHost } from '../plan/plan-host.js';
import type { PlannedBatch } from '../plan/cluster-plan.js';
import { rootFrame } from './frame.js';
import type { RunContext } from './run-context.js';
import type { HaltCause, RollingBatchPoint, RollingSchedule } from './rolling-hooks.js';
import { waitForGate } from './rolling-gate.js';
import { startRollingLock, type RollingLockAttempt } from './rolling-lock.js';
import { playRun, runBatch } from './run-play.js';
import { connectionVars, taskScope } from './task-scope.js';
import { relative } from 'node:path';
import type { ClusterState } from '../plan/cluster-state.js';

// A rolling play: each cluster's batches come from its live state (quorum kept, followers first, the leader
// last after leadership moves away), and between batches the health gate must pass. Clusters of a fleet
// roll concurrently, each on its own; a cluster that stops stops only itself unless any_errors_fatal.
// Before its first batch a cluster's lock is taken (engine/etcd/cluster-lock.ts), so that two operators never
// roll the same cluster at once. A caller may steer the batches through hooks (rolling-hooks.ts: `quorum apply`).

export async function runRollingPlay(run: RunContext, play: Play, hosts: string[], roles: Role[]): Promise<void> {
  const rolling = play.rolling!;
  const name = play.name ?? play.hosts;
  const members = new Set(run.groups[rolling.cluster] ?? []);
  const outside = hosts.filter((h) => !members.has(h));
  if (outside.length > 0) {
    const why = `play '${name}' rolls over group '${rolling.cluster}', but ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in it`;
    run.halts.push(why);
    run.bus.emit({ type: 'warning', message: `${why}: nothing was done; make the play's hosts the cluster's members` });
    return;
  }
  const { planHosts, memberHosts, varsOf, limits } = rollingTargets(run, play, hosts, roles);
  const abort = { fatal: false };
  await Promise.all(
    [...hostsByCluster(planHosts)].map(([cluster, clusterHosts]) =>
      rollCluster(run, play, roles, hosts, cluster, clusterHosts, membersOf(memberHosts, cluster), varsOf, limits, abort),
    ),
  );
}

export interface RollingTargets {
  /** The play's hosts: what the batches are made of. */
  planHosts: PlanHost[];
  /**
   * Every host of the rolling group, in the play or not: the cluster is read and gated through all of them, so
   * that a play over a few members (those whose config changed, the hosts joining) still sees the others' health.
   */
  memberHosts: PlanHost[];
  /** Each host's templated connection and etcd variables (play hosts and member hosts). */
  varsOf: Map<string, Record<string, unknown>>;
  limits: { serial?: number; maxUnavailable?: number };
}

/** The play's hosts as the planner sees them, with the user's caps on a batch. */
export function rollingTargets(run: RunContext, play: Play, hosts: string[], roles: Role[]): RollingTargets {
  const rolling = play.rolling!;
  // Variables as the first task would see them (templated): addresses, cluster names, etcd access.
  const pr0 = playRun(run, play, hosts, hosts, roles);
  const everyone = [...new Set([...hosts, ...(run.groups[rolling.cluster] ?? [])])];
  const varsOf = new Map(everyone.map((h) => [h, connectionAndEtcdVars(pr0, h)]));
  const selector = { group: rolling.cluster, ...(rolling.clusterVar ? { clusterVar: rolling.clusterVar } : {}) };
  const planHosts = toPlanHosts(hosts.map((h) => ({ name: h, vars: varsOf.get(h)! })), selector);
  const memberHosts = toPlanHosts(everyone.map((h) => ({ name: h, vars: varsOf.get(h)! })), selector);
  const serialCap = serialCapFromSteps(play.serial, hosts.length);
  const limits = {
    ...(serialCap !== undefined ? { serial: serialCap } : {}),
    ...(rolling.maxUnavailable !== undefined ? { maxUnavailable: rolling.maxUnavailable } : {}),
  };
  return { planHosts, memberHosts, varsOf, limits };
}

/** The member hosts of one cluster of a fleet. */
export function membersOf(memberHosts: readonly PlanHost[], cluster: string): PlanHost[] {
  return memberHosts.filter((h) => h.cluster === cluster);
}

/** How the controller reaches one cluster's members (their client URLs, TLS, the SSH tunnel). */
export async function clusterSession(run: RunContext, cluster: string, hosts: PlanHost[], varsOf: Map<string, Record<string, unknown>>): Promise<ClusterSession> {
  const access = await clusterAccess(hosts, varsOf);
  return new ClusterSession(cluster, access, hosts, (host) => run.connections.get(host, varsOf.get(host)!), undefined, run.connections);
}

/** Each member's client URL and the cluster's TLS material, from the hosts' templated variables. */
export async function clusterAccess(hosts: readonly PlanHost[], varsOf: Map<string, Record<string, unknown>>): Promise<ClusterAccess> {
  return {
    members: hosts.map((h) => memberAccess(h.name, varsOf.get(h.name)!)),
    tls: await clusterTls(varsOf.get(hosts[0]!.name)!),
  };
}

function connectionAndEtcdVars(pr: ReturnType<typeof playRun>, host: string): Record<string, unknown> {
  const scope = taskScope(pr, host, rootFrame, undefined);
  const vars = connectionVars(scope);
  for (const key of ['etcd_client_url', 'etcd_server_name', 'etcd_cluster_name']) {
    if (scope.has(key)) vars[key] = scope.get(key);
  }
  return vars;
}

async function rollCluster(
  run: RunContext,
  play: Play,
  roles: Role[],
  playHosts: string[],
  cluster: string,
  hosts: PlanHost[],
  members: PlanHost[],
  varsOf: Map<string, Record<string, unknown>>,
  limits: { serial?: number; maxUnavailable?: number },
  abort: { fatal: boolean },
): Promise<void> {
  const name = play.name ?? play.hosts;
  const hooks = run.options.rollingHooks ?? {};
  const playIndex = run.playbook.plays.indexOf(play);
  const halt = (why: string, cause: HaltCause) => {
    run.halts.push(`cluster ${cluster}: ${why}`);
    // A refused lock, a caller's stop or an interrupt is not the cluster's health failing: say it as a warning.
    if (cause === 'locked' || cause === 'stopped-by-caller' || cause === 'interrupted') run.bus.emit({ type: 'warning', message: `cluster ${cluster}: ${why}` });
    else run.bus.emit({ type: 'gate', cluster, status: 'failed', detail: why });
    hooks.halted?.(play, playIndex, cluster, cause, why);
    if (play.anyErrorsFatal === true) abort.fatal = true;
  };
  // Under --check nothing goes down: no lock, no leadership move, nothing to wait for.
  const check = run.options.check;
  // From here until the lock is released, a first Ctrl-C stops this rollout between batches (interrupts.ts).
  const interrupts = run.options.interrupts;
  const releaseInterrupts = interrupts?.hold();
  const interruptedBefore = (index: number, total: number): boolean => {
    if (interrupts?.requested === undefined) return false;
    const done =
      index === 0 ? 'no batch had started' : index === 1 ? 'batch 1 completed with the health gate' : `batches 1-${index} completed with the health gate`;
    const why = `interrupted (${interrupts.requested}): batch ${index + 1} of ${total} was not started; ${done}`;
    interrupts.stopped.push(`cluster ${cluster}: ${why}`);
    halt(why, 'interrupted');
    return true;
  };
  let session: ClusterSession | undefined;
  let lockAttempt: RollingLockAttempt | undefined;
  let lock: HeldLock | undefined;
  let cause: HaltCause = 'error';
  try {
    session = await clusterSession(run, cluster, members, varsOf);
    // Asked for beside the first state read, and waited for only if a batch is to run (rolling-lock.ts).
    if (!check) lockAttempt = startRollingLock(run, cluster, await clusterAccess(members, varsOf), varsOf);
    const live = session;
    const state = await session.state();
    const toRoll = hostsToRoll(hosts, state, play.rolling!.members);
    if (toRoll.length === 0) {
      run.bus.emit({ type: 'warning', message: `cluster ${cluster}: every host of play '${name}' is already a voting member; nothing to join` });
      return;
    }
    const outcome = planCluster({ cluster, hosts: toRoll, state, limits, members: play.rolling!.members });
    // Hosts unreachable over SSH are in no batch: they are unreachable (exit 3), not failed at a gate later.
    const unreachable = outcome.ok ? (outcome.plan.unreachable ?? []) : (outcome.refusal.unreachable ?? []);
    markUnreachable(run, state, unreachable);
    if (!outcome.ok && !hooks.startCluster) {
      const text = renderRefusal(outcome.refusal, { inventory: inventoryArgs(run), verbosity: run.options.verbosity }).trim();
      if (unreachable.length > 0) {
        // The refusal is because of the hosts that cannot be reached: the run ends as an unreachable one (3).
        run.bus.emit({ type: 'warning', message: text });
        hooks.halted?.(play, playIndex, cluster, 'refused', text);
      } else halt(text, 'refused');
      return;
    }
    cause = 'refused';
    const schedule: RollingSchedule = hooks.startCluster
      ? await hooks.startCluster({ play, playIndex, cluster, hosts: toRoll, state, outcome })
      : { batches: outcome.ok ? outcome.plan.batches : [], done: 0 };
    // The leader is found again before each batch and taken last (leader-last.ts): the order may move.
    let batches = schedule.batches;
    if (!check && schedule.done < batches.length) {
      cause = 'locked';
      lock = await lockAttempt!.held();
    }
    cause = 'error';
    const gate = gateOptionsFromSeconds(play.rolling!.gate);
    for (let index = 0; index < batches.length; index++) {
      if (abort.fatal) return;
      if (index < schedule.done) continue;
      if (run.hosts.active(batches[index]!.hosts).length === 0) continue;
      if (interruptedBefore(index, batches.length)) return;
      if (hooks.beforeBatch) {
        const verdict = await hooks.beforeBatch({ play, playIndex, cluster, index, batches, readState: () => live.state() });
        if (!verdict.go) {
          halt(verdict.reason, 'stopped-by-caller');
          return;
        }
      }
      if (!check) {
        const now = await session.state();
        // Whoever leads now goes last (a plan names the leader of its moment; elections happen).
        const order = keepLeaderLast(batches, index, now, members);
        batches = order.batches;
        if (order.moved !== undefined) {
          run.bus.emit({ type: 'warning', message: `cluster ${cluster}: the batch order moved: ${order.moved}` });
          await hooks.batchesReordered?.({ play, playIndex, cluster, index, batches, readState: () => live.state() });
        }
        // The plan was made from the state before the first batch: whatever happened since (a member outside
        // the play crashed), this batch goes down only if quorum stays up without it.
        const unsafe = batchStillSafe(now, batches[index]!.hosts, members);
        if (unsafe !== undefined) {
          const rest = batches.slice(index).flatMap((b) => b.hosts);
          halt(`before batch ${index + 1} of ${batches.length}: ${unsafe}; not started: ${rest.join(', ')}`, 'refused');
          return;
        }
        const move = batches[index]!.moveLeader;
        if (move !== undefined) {
          await session.moveLeader(move.from, move.toId);
          run.bus.emit({ type: 'leader_moved', cluster, from: move.from, to: move.to });
        }
      }
      const batch = batches[index]!;
      const active = run.hosts.active(batch.hosts);
      if (active.length === 0) continue;
      const point: RollingBatchPoint = { play, playIndex, cluster, index, batches, readState: () => live.state() };
      // Checked again at the last moment: the reads and the leadership move above take a while.
      if (interruptedBefore(index, batches.length)) return;
      await hooks.batchStarted?.(point);
      run.bus.emit({
        type: 'batch_start',
        play: name,
        index: index + 1,
        count: batches.length,
        hosts: active,
        cluster,
        votersUp: batch.votersUp,
        // The batch's own: a growing play's later joins run with the voters the earlier ones added.
        quorum: batch.quorum,
      });
      const stopped = await runBatch(playRun(run, play, playHosts, active, roles), roles);
      // A host that ended itself (meta: end_host) is done with the play, not failed.
      const failed = batch.hosts.filter((h) => run.hosts.of(h).failed || run.hosts.of(h).unreachable);
      if (stopped || failed.length > 0) {
        halt(`batch ${index + 1} of ${batches.length} (${batch.hosts.join(', ')}) failed on ${failed.join(', ') || 'the play'}; later batches were not started`, 'batch-failed');
        return;
      }
      if (check) continue;
      // The cluster must be whole again before anything else goes down; the last batch is checked too.
      for (const host of batch.hosts) await session.forget(host);
      const verdict = await waitForGate(run, cluster, session, batch, gate);
      if (verdict !== undefined) {
        const rest = batches.slice(index + 1).flatMap((b) => b.hosts);
        halt(`${verdict}; stopped after batch ${index + 1} of ${batches.length}${rest.length ? `, not started: ${rest.join(', ')}` : ''}`, 'gate-failed');
        return;
      }
      await hooks.gatePassed?.(point);
    }
    await hooks.clusterDone?.(play, playIndex, cluster);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    halt(cause === 'locked' || cause === 'refused' ? message : message.split('\n')[0]!, cause);
  } finally {
    // The lock has a client of its own: it is released while the session's clients close.
    const [unreleased] = await Promise.all([lock ? lock.release() : lockAttempt?.discard(), session?.close()]);
    if (unreleased) run.bus.emit({ type: 'warning', message: unreleased });
    releaseInterrupts?.();
  }
}

/** Marks the hosts unreachable, with their member's reason, as a task that could not reach them would. */
function markUnreachable(run: RunContext, state: ClusterState, hosts: readonly string[]): void {
  for (const host of hosts) {
    if (run.hosts.of(host).unreachable) continue;
    run.hosts.of(host).unreachable = true;
    const member = state.members.find((m) => m.name === host);
    const reason = member !== undefined && !member.health.healthy ? member.health.reason : 'host unreachable over SSH';
    run.bus.emit({ type: 'host_result', task: 'read the cluster', host, status: 'unreachable', msg: `${reason}; counted as a voter down and left out of the batches`, noLog: false });
  }
}

/** The -i arguments as the operator would type them (relative to the working directory when inside it). */
export function inventoryArgs(run: RunContext): string[] {
  return run.inventory.sources.map((source) => {
    const rel = relative(process.cwd(), source);
    return rel === '' ? '.' : rel.startsWith('..') ? source : rel;
  });
}
