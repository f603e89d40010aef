import type { ClusterFingerprint } from '../plan/fingerprint.js';
import { batchStillSafe } from '../plan/batch-safety.js';
import type { ClusterState } from '../plan/cluster-state.js';
import type { PlanHost } from '../plan/plan-host.js';
import type { BatchDocument, PlanDocument } from '../plan/plan-document.js';
import type { PlanInputDigests, SavedPlan } from '../plan/saved-plan.js';
import { planStaleness } from '../plan/staleness.js';
import { clusterDrift, type BatchProgress } from './cluster-drift.js';
import type { ClusterProgress } from './journal-replay.js';
import { progressKey } from './journal-replay.js';

// Everything that makes a saved plan stale for `quorum apply`, in words, as lists (empty: fresh). Pure: the
// caller reads the digests and the live clusters.

export interface CurrentBasis {
  engineVersion: string;
  inputs: PlanInputDigests;
}

/** The engine version and the inputs' digests (inventory, playbook, roles, extra vars). */
export function inputChanges(saved: SavedPlan, current: CurrentBasis): string[] {
  return planStaleness(
    { engine_version: saved.engine_version, inputs: saved.inputs, fingerprints: [] },
    { engine_version: current.engineVersion, inputs: current.inputs, fingerprints: [] },
  );
}

/** Each play's hosts, as --limit and the inventory give them now, against the saved plan's. */
export function playHostChanges(saved: PlanDocument, now: PlanDocument): string[] {
  const changes: string[] = [];
  saved.plays.forEach((play, index) => {
    const current = now.plays[index];
    if (current === undefined || current.name !== play.name) return;
    if (current.hosts.join(' ') !== play.hosts.join(' ')) {
      changes.push(`play ${JSON.stringify(play.name)}: hosts are ${current.hosts.join(', ') || 'none'}, were ${play.hosts.join(', ') || 'none'} (a different --limit?)`);
    }
  });
  return changes;
}

/**
 * Before the first batch of a fresh run: every input, each cluster's membership, and each play's hosts. Not the
 * leader (found again before each batch) nor health (each batch must be safe with the health of then: see
 * unsafeBatches), and not the batches recomputed now: those differ with every election, and a file edited by
 * hand is caught by its seal (plan-seal.ts).
 */
export function freshStartChanges(saved: SavedPlan, current: CurrentBasis, fingerprints: ClusterFingerprint[], now: PlanDocument): string[] {
  return [...planStaleness(saved, { engine_version: current.engineVersion, inputs: current.inputs, fingerprints }), ...playHostChanges(saved.plan, now)];
}

/** What changed since the plan that does not make it stale (the leader, health), one line each, for the operator. */
export function sinceThePlan(saved: SavedPlan, fingerprints: readonly ClusterFingerprint[]): string[] {
  const notes: string[] = [];
  const live = new Map(fingerprints.map((f) => [f.cluster, f]));
  for (const before of saved.fingerprints) {
    const after = live.get(before.cluster);
    if (after === undefined) continue;
    const name = (f: ClusterFingerprint, id: string | null) => (id === null ? 'none' : (f.members.find((m) => m.id === id)?.name || `member ${id}`));
    if (before.leader_id !== after.leader_id) {
      notes.push(`cluster ${before.cluster}: the leader is ${name(after, after.leader_id)} now (${name(before, before.leader_id)} when planned); it is taken last, whoever leads then`);
    }
    const now = new Map(after.members.map((m) => [m.id, m]));
    for (const m of before.members) {
      const n = now.get(m.id);
      if (n !== undefined && n.healthy !== m.healthy) notes.push(`cluster ${before.cluster}: ${n.name || m.id} is ${n.healthy ? 'healthy' : 'unhealthy'} now (${m.healthy ? 'healthy' : 'unhealthy'} when planned)`);
    }
  }
  return notes;
}

/**
 * Saved batches that would take quorum down with the cluster as it is now (a member went down since the plan):
 * refused before anything starts, rather than at that batch. `done` batches of a resumed run are skipped.
 */
export function unsafeBatches(
  saved: PlanDocument,
  states: ReadonlyMap<string, ClusterState>,
  hostsOf: ReadonlyMap<string, readonly PlanHost[]>,
  progress: ReadonlyMap<string, ClusterProgress> = new Map(),
): string[] {
  const problems: string[] = [];
  saved.plays.forEach((play, playIndex) => {
    for (const cluster of play.clusters) {
      const state = states.get(cluster.name);
      const hosts = hostsOf.get(cluster.name);
      if (state === undefined || hosts === undefined) continue;
      const done = progress.get(progressKey(playIndex, cluster.name))?.done ?? 0;
      cluster.batches.forEach((batch, index) => {
        if (index < done) return;
        const unsafe = batchStillSafe(state, batch.hosts, hosts);
        if (unsafe !== undefined) problems.push(`play ${JSON.stringify(play.name)}, cluster ${cluster.name}, batch ${index + 1} of ${cluster.batches.length}: ${unsafe}`);
      });
    }
  });
  return problems;
}

/**
 * Before a resumed run goes on: the inputs, the play hosts, and each cluster as cluster-drift.ts allows it to
 * have changed through the batches the journal says completed. The batches are not recomputed: the planner
 * would plan the members already done again.
 */
export function resumeChanges(
  saved: SavedPlan,
  current: CurrentBasis,
  fingerprints: ClusterFingerprint[],
  now: PlanDocument,
  progress: ReadonlyMap<string, ClusterProgress>,
): string[] {
  const changes = [...inputChanges(saved, current), ...playHostChanges(saved.plan, now)];
  const live = new Map(fingerprints.map((fingerprint) => [fingerprint.cluster, fingerprint]));
  for (const before of saved.fingerprints) {
    const after = live.get(before.cluster);
    if (after === undefined) changes.push(`cluster ${before.cluster}: no longer among the play's clusters`);
    else changes.push(...clusterDrift(before, after, savedProgress(saved.plan, before.cluster, progress)));
  }
  return changes;
}

/** The saved batches of `cluster` that completed (or were in flight) in any play, as the journal says. */
export function savedProgress(plan: PlanDocument, cluster: string, progress: ReadonlyMap<string, ClusterProgress>): BatchProgress {
  const done: BatchDocument[] = [];
  let inFlight: BatchDocument | undefined;
  plan.plays.forEach((play, playIndex) => {
    const batches = play.clusters.find((c) => c.name === cluster)?.batches ?? [];
    const p = progress.get(progressKey(playIndex, cluster));
    if (p === undefined) return;
    // In the order the batches ran: the leader may have moved hosts between them (journal's batch_order).
    const ran = batches.map((b, i) => (p.order?.[i] !== undefined ? { ...b, hosts: [...p.order[i]!] } : b));
    done.push(...ran.slice(0, p.done));
    if (p.inFlight !== undefined) inFlight = ran[p.inFlight - 1];
  });
  return { done, ...(inFlight ? { inFlight } : {}) };
}
