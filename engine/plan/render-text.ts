// The plan as an SRE reviews it before a change window: per play and cluster the numbers that decide
// safety (members, voters, quorum, tolerance, who is unhealthy, who leads), then each batch with its hosts,
// the voters up while it runs and the margin left, with the leader hand-over written as its own step.
import type { ClusterRefusal } from './cluster-plan.js';
import { INVENTORY_PLACEHOLDER } from './down-members.js';
import type { BatchDocument, ClusterPlanDocument, PlanDocument, PlayPlanDocument } from './plan-document.js';

const KIND_LABEL: Record<BatchDocument['kind'], string> = {
  'restart-unhealthy': 'unhealthy, restarted first',
  'non-voter': 'not a voter',
  followers: 'followers',
  leader: 'leader last',
};

export function renderPlanText(plan: PlanDocument): string {
  return plan.plays.map(renderPlay).join('\n');
}

function renderPlay(play: PlayPlanDocument): string {
  const lines = [`PLAY [${play.name}] hosts: ${play.hosts.join(', ') || 'none'}`];
  if (play.clusters.length === 0) lines.push('  not a rolling play: no quorum to keep');
  for (const cluster of play.clusters) lines.push(...renderCluster(cluster));
  if (play.changes.length === 0) {
    lines.push('  changes: none');
  } else {
    lines.push('  changes:');
    for (const change of play.changes) lines.push(`    ${change.host}: ${change.task} (${change.module}) ${change.summary}`);
  }
  return lines.join('\n') + '\n';
}

function renderCluster(cluster: ClusterPlanDocument): string[] {
  const learners = cluster.members - cluster.voters;
  const lines = [
    `  cluster ${cluster.name}: ${cluster.members} members, ${cluster.voters} voters` +
      (learners > 0 ? ` (+${learners} learner${learners === 1 ? '' : 's'})` : '') +
      `, quorum ${cluster.quorum}, tolerance ${cluster.tolerance}`,
    `    leader: ${cluster.leader ?? 'none'}`,
    `    unhealthy: ${
      cluster.unhealthy.length === 0
        ? 'none'
        : cluster.unhealthy.map((name) => `${name} (${cluster.unhealthy_reasons[name] ?? 'unhealthy'})`).join(', ')
    }`,
  ];
  if (cluster.unreachable !== undefined && cluster.unreachable.length > 0) {
    lines.push(`    unreachable over SSH: ${cluster.unreachable.join(', ')} (counted as voters down; in no batch: this run cannot restart ${cluster.unreachable.length === 1 ? 'it' : 'them'})`);
  }
  const total = cluster.batches.length;
  if (total === 0) lines.push('    batches: none (no host of this play is in this cluster)');
  cluster.batches.forEach((batch, index) => {
    if (batch.move_leader !== undefined) {
      lines.push(`    move leader: ${batch.move_leader.from} -> ${batch.move_leader.to}`);
    }
    const margin = batch.margin === 0 ? 'margin 0: no further failure tolerated' : `margin ${batch.margin}`;
    lines.push(
      `    batch ${index + 1}/${total} (${KIND_LABEL[batch.kind]}): ${batch.hosts.join(', ')}; ` +
        `voters up ${batch.voters_up}/${batch.voters ?? cluster.voters}, ${margin}`,
    );
  });
  return lines;
}

export interface RefusalContext {
  /** The -i arguments of the command, put into the hint's commands in place of INVENTORY_PLACEHOLDER. */
  inventory?: readonly string[];
  /** -vvv shows the raw error behind each member's reason. */
  verbosity?: number;
}

/** A refused cluster, in two lines: what and why with the numbers, then what to do. */
export function renderRefusal(refusal: ClusterRefusal, context: RefusalContext = {}): string {
  const unhealthy = refusal.unhealthy.map((member) => `${member.name} (${member.reason})`).join(', ') || 'none';
  const details =
    (context.verbosity ?? 0) >= 3
      ? refusal.unhealthy.filter((m) => m.detail !== undefined).map((m) => `  detail: ${m.name}: ${m.detail}\n`).join('')
      : '';
  return (
    `cluster ${refusal.cluster}: refusing to plan: ${refusal.reason} ` +
    `[voters ${refusal.voters}, quorum ${refusal.quorum}, tolerance ${refusal.tolerance}, unhealthy: ${unhealthy}]\n` +
    `  hint: ${withInventory(refusal.hint, context.inventory)}\n` +
    details
  );
}

/** The hint's commands with the caller's -i arguments (as the operator gave them), or the placeholder left. */
export function withInventory(hint: string, inventory: readonly string[] | undefined): string {
  if (inventory === undefined || inventory.length === 0) return hint;
  return hint.split(INVENTORY_PLACEHOLDER).join(inventory.map((i) => `-i ${i}`).join(' '));
}
