// A saved plan's batches against the batches the planner computes now from the same inputs. The digests and
// fingerprints say the inputs are unchanged; this says the plan itself is the one they give, so that a plan
// file edited by hand (say, two members of four in one batch) is refused as stale rather than run.
import type { BatchDocument, PlanDocument } from './plan-document.js';

export function planBatchChanges(saved: PlanDocument, recomputed: PlanDocument): string[] {
  const changes: string[] = [];
  const savedPlays = new Map(saved.plays.map((play) => [play.name, play]));
  for (const play of recomputed.plays) {
    const before = savedPlays.get(play.name);
    if (before === undefined) {
      changes.push(`play ${JSON.stringify(play.name)}: not in the saved plan`);
      continue;
    }
    const savedClusters = new Map(before.clusters.map((cluster) => [cluster.name, cluster]));
    for (const cluster of play.clusters) {
      const was = savedClusters.get(cluster.name);
      if (was === undefined) {
        changes.push(`play ${JSON.stringify(play.name)}, cluster ${cluster.name}: not in the saved plan`);
      } else if (batchesText(was.batches) !== batchesText(cluster.batches)) {
        changes.push(
          `play ${JSON.stringify(play.name)}, cluster ${cluster.name}: the saved batches (${batchesText(was.batches)}) ` +
            `are not what the planner computes (${batchesText(cluster.batches)})`,
        );
      }
      savedClusters.delete(cluster.name);
    }
    for (const name of savedClusters.keys()) {
      changes.push(`play ${JSON.stringify(play.name)}, cluster ${name}: in the saved plan, not in the play now`);
    }
    savedPlays.delete(play.name);
  }
  for (const name of savedPlays.keys()) changes.push(`play ${JSON.stringify(name)}: in the saved plan, not in the playbook now`);
  return changes;
}

/** `[h2 h3] [h4 h5] [h1 after h1->h2]`: short, and equal exactly when the batches are. */
function batchesText(batches: readonly BatchDocument[]): string {
  return batches
    .map((batch) => {
      const move = batch.move_leader === undefined ? '' : ` after ${batch.move_leader.from}->${batch.move_leader.to}`;
      return `[${batch.hosts.join(' ')}${move}]`;
    })
    .join(' ');
}
