import type { Play } from '../load/types.js';
import type { BatchVerdict, HaltCause, RollingBatchPoint, RollingClusterStart, RollingHooks, RollingSchedule } from '../execute/rolling-hooks.js';
import type { PlannedBatch } from '../plan/cluster-plan.js';
import type { ClusterState } from '../plan/cluster-state.js';
import { fingerprintCluster } from '../plan/fingerprint.js';
import { mapMembersToHosts } from '../plan/member-mapping.js';
import { quorumNumbers } from '../plan/quorum-math.js';
import type { BatchDocument } from '../plan/plan-document.js';
import type { PlanHost } from '../plan/plan-host.js';
import type { SavedPlan } from '../plan/saved-plan.js';
import type { PlanInputDigests } from '../plan/saved-plan.js';
import { inputChanges, savedProgress } from './apply-staleness.js';
import { clusterDrift } from './cluster-drift.js';
import type { Clock } from './clock.js';
import { formatLocal } from './countdown.js';
import type { BatchPlace } from './journal-entries.js';
import type { JournalWriter } from './journal-file.js';
import { progressKey, type ClusterProgress } from './journal-replay.js';
import { isInsideWindow, type ChangeWindow } from './window.js';

// What `quorum apply` does around each rolling batch: run the saved batches (skipping those a resumed run
// completed), and before each one check the window is open, the inputs unchanged and the cluster still the
// one planned for; journal each batch's start and each passed gate. It records why it stopped a cluster, for
// the apply to choose its exit code and message.

export interface ApplyHooksContext {
  planFile: string;
  saved: SavedPlan;
  journal: JournalWriter;
  /** From the journal of the run being resumed; empty for a fresh run. Updated as batches complete. */
  progress: Map<string, ClusterProgress>;
  window?: ChangeWindow;
  clock: Clock;
  engineVersion: string;
  /** Digests the inputs again (they are files an SRE may edit while the run waits). */
  currentInputs: () => Promise<PlanInputDigests>;
}

export class ApplyHooks implements RollingHooks {
  /** What made the plan stale, when it was found stale during the run. */
  readonly stale: string[] = [];
  windowClosed: string | undefined;
  locked: string | undefined;
  /** Other reasons a cluster stopped (a failed batch or gate). */
  readonly failures: string[] = [];

  constructor(private readonly ctx: ApplyHooksContext) {}

  async startCluster(start: RollingClusterStart): Promise<RollingSchedule> {
    const saved = this.savedBatches(start.play, start.playIndex, start.cluster);
    const p = this.ctx.progress.get(progressKey(start.playIndex, start.cluster));
    const batches = saved.map((batch) => plannedBatch(batch, start.state, start.hosts));
    // A run that moved the order (the leader was elsewhere) resumes in that order: its `done` counts those batches.
    p?.order?.forEach((hosts, i) => {
      if (batches[i] !== undefined && hosts.length === batches[i]!.hosts.length) batches[i] = { ...batches[i]!, hosts: [...hosts] };
    });
    return { batches, done: p?.done ?? 0 };
  }

  async batchesReordered(point: RollingBatchPoint): Promise<void> {
    const key = progressKey(point.playIndex, point.cluster);
    const order = point.batches.map((b) => [...b.hosts]);
    const p = this.ctx.progress.get(key) ?? { done: 0, complete: false };
    this.ctx.progress.set(key, { ...p, order });
    await this.ctx.journal.append({
      type: 'batch_order',
      at: this.ctx.clock.now().toISOString(),
      play_index: point.playIndex,
      play: playName(point.play),
      cluster: point.cluster,
      batches: order,
      moved: `batches from ${point.index + 1} on: ${order.slice(point.index).map((h) => `[${h.join(' ')}]`).join(' ')}`,
    });
  }

  async beforeBatch(point: RollingBatchPoint): Promise<BatchVerdict> {
    const total = point.batches.length;
    const now = this.ctx.clock.now();
    if (this.ctx.window && !isInsideWindow(this.ctx.window, now)) {
      const reason = `the change window ${this.ctx.window.text} closed (now ${formatLocal(now)}); batch ${point.index + 1} of ${total} was not started`;
      this.windowClosed ??= reason;
      return { go: false, reason };
    }
    const changes = inputChanges(this.ctx.saved, { engineVersion: this.ctx.engineVersion, inputs: await this.ctx.currentInputs() });
    const savedFingerprint = this.ctx.saved.fingerprints.find((f) => f.cluster === point.cluster);
    if (savedFingerprint === undefined) changes.push(`cluster ${point.cluster}: not in the saved plan`);
    else {
      const key = progressKey(point.playIndex, point.cluster);
      const p = this.ctx.progress.get(key) ?? { done: 0, complete: false };
      this.ctx.progress.set(key, { ...p, done: Math.max(p.done, point.index) });
      const live = fingerprintCluster(point.cluster, await point.readState());
      changes.push(...clusterDrift(savedFingerprint, live, savedProgress(this.ctx.saved.plan, point.cluster, this.ctx.progress)));
    }
    if (changes.length === 0) return { go: true };
    this.stale.push(...changes.filter((c) => !this.stale.includes(c)));
    return { go: false, reason: `the saved plan is stale before batch ${point.index + 1} of ${total}: ${changes.join('; ')}` };
  }

  async batchStarted(point: RollingBatchPoint): Promise<void> {
    await this.ctx.journal.append({ type: 'batch_started', at: this.ctx.clock.now().toISOString(), ...place(point) });
  }

  async gatePassed(point: RollingBatchPoint): Promise<void> {
    const key = progressKey(point.playIndex, point.cluster);
    const p = this.ctx.progress.get(key) ?? { done: 0, complete: false };
    const next: ClusterProgress = { done: point.index + 1, complete: false };
    if (p.inFlight !== undefined && p.inFlight !== point.index + 1) next.inFlight = p.inFlight;
    this.ctx.progress.set(key, next);
    await this.ctx.journal.append({ type: 'gate_passed', at: this.ctx.clock.now().toISOString(), ...place(point) });
  }

  async clusterDone(play: Play, playIndex: number, cluster: string): Promise<void> {
    await this.ctx.journal.append({ type: 'cluster_done', at: this.ctx.clock.now().toISOString(), play_index: playIndex, play: playName(play), cluster });
  }

  halted(_play: Play, _playIndex: number, cluster: string, cause: HaltCause, reason: string): void {
    if (cause === 'locked') this.locked ??= reason;
    else if (cause !== 'stopped-by-caller' && cause !== 'interrupted') this.failures.push(`cluster ${cluster}: ${reason}`);
  }

  /** The saved batches of a play's cluster; a play or cluster the plan does not have makes the plan stale. */
  private savedBatches(play: Play, playIndex: number, cluster: string): BatchDocument[] {
    const savedPlay = this.ctx.saved.plan.plays[playIndex];
    const name = playName(play);
    let problem: string | undefined;
    if (savedPlay === undefined || savedPlay.name !== name) problem = `play ${JSON.stringify(name)}: not in the saved plan at position ${playIndex + 1}`;
    const savedCluster = savedPlay?.clusters.find((c) => c.name === cluster);
    if (problem === undefined && savedCluster === undefined) problem = `play ${JSON.stringify(name)}, cluster ${cluster}: not in the saved plan`;
    if (problem !== undefined || savedCluster === undefined) {
      this.stale.push(problem ?? `cluster ${cluster}: not in the saved plan`);
      throw new Error(`the saved plan is stale: ${problem}`);
    }
    return savedCluster.batches;
  }
}

function playName(play: Play): string {
  return play.name ?? play.hosts;
}

function place(point: RollingBatchPoint): BatchPlace {
  return {
    play_index: point.playIndex,
    play: playName(point.play),
    cluster: point.cluster,
    batch: point.index + 1,
    hosts: [...(point.batches[point.index]?.hosts ?? [])],
  };
}

/** A saved batch as the rolling play runs it; the leader's member id is looked up in the live state. */
export function plannedBatch(batch: BatchDocument, state: ClusterState, hosts: readonly PlanHost[]): PlannedBatch {
  const clusterVoters = state.members.filter((member) => member.role === 'voter').length;
  const planned: PlannedBatch = {
    kind: batch.kind,
    hosts: [...batch.hosts],
    voters: batch.voters ?? clusterVoters,
    quorum: batch.quorum ?? quorumNumbers(clusterVoters).quorum,
    votersUp: batch.voters_up,
    margin: batch.margin,
  };
  if (batch.move_leader !== undefined) {
    const { memberByHost } = mapMembersToHosts(state.members, hosts);
    const from = batch.move_leader.from;
    const fromId = memberByHost.get(from)?.id ?? state.members.find((m) => m.name === from)?.id ?? '';
    planned.moveLeader = { from, fromId, to: batch.move_leader.to, toId: batch.move_leader.to_id };
  }
  return planned;
}
