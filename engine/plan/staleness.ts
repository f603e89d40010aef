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
    else changes.push(...membershipChanges(before, after));
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

/**
 * The membership a plan was computed for: the cluster id, each member's id, name, peer URLs and role (a learner
 * promoted, a member added or removed makes every batch's numbers wrong). Not the leader (found again before
 * each batch, and always taken last) and not health (checked before each batch: batch-safety.ts).
 */
export function membershipChanges(before: ClusterFingerprint, after: ClusterFingerprint): string[] {
  const where = `cluster ${before.cluster}`;
  if (before.cluster_id !== after.cluster_id) {
    return [`${where}: cluster id ${before.cluster_id} -> ${after.cluster_id} (it is another cluster now)`];
  }
  const changes: string[] = [];
  const afterById = new Map(after.members.map((member) => [member.id, member]));
  const beforeIds = new Set(before.members.map((member) => member.id));
  for (const old of before.members) {
    const now = afterById.get(old.id);
    if (now === undefined) {
      changes.push(`${where}: ${label(old)} is no longer a member`);
      continue;
    }
    // A member added but not started has no name yet; it takes its name when it starts.
    if (old.name !== '' && old.name !== now.name) changes.push(`${where}: member ${old.id} is named ${JSON.stringify(now.name)}, was ${JSON.stringify(old.name)}`);
    if (old.role !== now.role) changes.push(`${where}: ${label(now)} is a ${now.role}, was a ${old.role}`);
    changes.push(...peerUrlChange(where, old, now));
  }
  for (const member of after.members) {
    if (!beforeIds.has(member.id)) changes.push(`${where}: ${label(member)} joined as a ${member.role}`);
  }
  return changes;
}

/** A member's peer URLs moved (it was re-addressed): one line, or none. */
export function peerUrlChange(where: string, old: MemberFingerprint, now: MemberFingerprint): string[] {
  if (old.peer_urls === undefined || now.peer_urls === undefined) return [];
  if (old.peer_urls.join(' ') === now.peer_urls.join(' ')) return [];
  return [`${where}: ${label(now)} has peer URLs ${now.peer_urls.join(', ') || 'none'}, had ${old.peer_urls.join(', ') || 'none'}`];
}

function label(member: Pick<MemberFingerprint, 'id' | 'name'>): string {
  return member.name === '' ? `member ${member.id}` : `member ${member.name} (${member.id})`;
}

function short(digest: string): string {
  return digest.slice(0, 12);
}
