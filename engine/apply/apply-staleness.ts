import type { ClusterFingerprint } from '../plan/fingerprint.js';
import { planBatchChanges } from '../plan/plan-comparison.js';
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

/** Before the first batch of a fresh run: every input, every fingerprint, and the batches the planner gives now. */
export function freshStartChanges(saved: SavedPlan, current: CurrentBasis, fingerprints: ClusterFingerprint[], now: PlanDocument): string[] {
  return [
    ...planStaleness(saved, { engine_version: current.engineVersion, inputs: current.inputs, fingerprints }),
    ...playHostChanges(saved.plan, now),
    ...planBatchChanges(saved.plan, now),
  ];
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
    done.push(...batches.slice(0, p.done));
    if (p.inFlight !== undefined) inFlight = batches[p.inFlight - 1];
  });
  return { done, ...(inFlight ? { inFlight } : {}) };
}
