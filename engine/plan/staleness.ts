// Compares what a saved plan was computed from with what is true now, and lists every difference in words
// an SRE can act on. An empty list means the plan still holds; anything else is QUORUM_PLAN_STALE.
import type { ClusterFingerprint, MemberFingerprint } from './fingerprint.js';
import { planBatchChanges } from './plan-comparison.js';
import type { PlanDocument } from './plan-document.js';
import { PlanStaleError } from './plan-errors.js';
import type { PlanBasis, PlanInputDigests } from './saved-plan.js';

const INPUT_NAMES: Record<keyof PlanInputDigests, string> = {
  inventory: 'the inventory',
  playbook: 'the playbook',
  roles: 'the roles',
  extra_vars: 'the extra vars',
};

export function planStaleness(saved: PlanBasis, current: PlanBasis): string[] {
  const changes: string[] = [];
  if (saved.engine_version !== current.engine_version) {
    changes.push(`quorum's version changed: ${saved.engine_version} -> ${current.engine_version}`);
  }
  for (const key of Object.keys(INPUT_NAMES) as (keyof PlanInputDigests)[]) {
    if (saved.inputs[key] !== current.inputs[key]) {
      changes.push(`${INPUT_NAMES[key]} changed (sha256 ${short(saved.inputs[key])} -> ${short(current.inputs[key])})`);
    }
  }
  const now = new Map(current.fingerprints.map((fingerprint) => [fingerprint.cluster, fingerprint]));
  for (const before of saved.fingerprints) {
    const after = now.get(before.cluster);
    if (after === undefined) changes.push(`cluster ${before.cluster}: no longer among the play's clusters`);
    else changes.push(...clusterChanges(before, after));
  }
  const planned = new Set(saved.fingerprints.map((fingerprint) => fingerprint.cluster));
  for (const after of current.fingerprints) {
    if (!planned.has(after.cluster)) changes.push(`cluster ${after.cluster}: not in the saved plan`);
  }
  return changes;
}

/** A basis with, optionally, the plan: the saved one, or the one computed now from the current inputs. */
export type PlanBasisWithPlan = PlanBasis & { plan?: PlanDocument };

/**
 * Throws QuorumError QUORUM_PLAN_STALE listing every change; `file` is the saved plan's name. When both sides
 * carry their plan, the batches are compared too (see plan-comparison.ts).
 */
export function assertPlanFresh(file: string, saved: PlanBasisWithPlan, current: PlanBasisWithPlan): void {
  const changes = planStaleness(saved, current);
  if (saved.plan !== undefined && current.plan !== undefined) changes.push(...planBatchChanges(saved.plan, current.plan));
  if (changes.length > 0) throw new PlanStaleError(file, changes);
}

function clusterChanges(before: ClusterFingerprint, after: ClusterFingerprint): string[] {
  const where = `cluster ${before.cluster}`;
  if (before.cluster_id !== after.cluster_id) {
    return [`${where}: cluster id ${before.cluster_id} -> ${after.cluster_id} (it is another cluster now)`];
  }
  const changes: string[] = [];
  const nameOf = (id: string | null, members: readonly MemberFingerprint[]): string =>
    id === null ? 'none' : label(members.find((member) => member.id === id) ?? { id, name: '' });
  if (before.leader_id !== after.leader_id) {
    changes.push(`${where}: leader ${nameOf(before.leader_id, before.members)} -> ${nameOf(after.leader_id, after.members)}`);
  }
  const afterById = new Map(after.members.map((member) => [member.id, member]));
  const beforeIds = new Set(before.members.map((member) => member.id));
  for (const old of before.members) {
    const now = afterById.get(old.id);
    if (now === undefined) {
      changes.push(`${where}: ${label(old)} is no longer a member`);
      continue;
    }
    if (old.name !== now.name) changes.push(`${where}: member ${old.id} is named ${JSON.stringify(now.name)}, was ${JSON.stringify(old.name)}`);
    if (old.role !== now.role) changes.push(`${where}: ${label(now)} is a ${now.role}, was a ${old.role}`);
    if (old.healthy !== now.healthy) {
      changes.push(`${where}: ${label(now)} is ${now.healthy ? 'healthy' : 'unhealthy'}, was ${old.healthy ? 'healthy' : 'unhealthy'}`);
    }
  }
  for (const member of after.members) {
    if (!beforeIds.has(member.id)) changes.push(`${where}: ${label(member)} joined as a ${member.role}`);
  }
  return changes;
}

function label(member: Pick<MemberFingerprint, 'id' | 'name'>): string {
  return member.name === '' ? `member ${member.id}` : `member ${member.name} (${member.id})`;
}

function short(digest: string): string {
  return digest.slice(0, 12);
}
