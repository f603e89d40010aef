// The user's own caps on a batch: Ansible's `serial` (hosts per batch: a count or a percentage of the play's
// hosts) and `rolling.max_unavailable`. They can only lower what quorum allows, never raise it.
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

export interface BatchLimits {
  /** Hosts per batch (already resolved to a count; see resolveSerial). */
  serial?: number;
  /** Voters taken down at once. */
  maxUnavailable?: number;
}

export type SerialSetting = number | `${number}%`;

/** Ansible's rule: a percentage of the play's hosts, rounded down, but never less than one host. */
export function resolveSerial(serial: SerialSetting, playHostCount: number): number {
  if (typeof serial === 'number') return serial;
  const percent = Number(serial.slice(0, -1));
  return Math.max(1, Math.floor((playHostCount * percent) / 100));
}

/**
 * A play's `serial` list (Ansible's growing batches: `[1, 5, "50%"]`) as one cap for a rolling play: the
 * smallest step, since the quorum rules already pace the batches and a list only ever meant caution.
 * Undefined for an empty list (no serial).
 */
export function serialCapFromSteps(steps: readonly (number | string)[], playHostCount: number): number | undefined {
  const counts = steps.map((step) => {
    if (typeof step === 'number') return step;
    if (/^\d+(\.\d+)?%$/.test(step)) return resolveSerial(step as `${number}%`, playHostCount);
    return /^\d+$/.test(step) ? Number(step) : Number.NaN;
  });
  return counts.length === 0 ? undefined : Math.min(...counts);
}

/** The smallest of the user's caps, or Infinity when none is set. Throws on a cap below one. */
export function userBatchCap(limits: BatchLimits): number {
  let cap = Number.POSITIVE_INFINITY;
  for (const [key, value] of [
    ['serial', limits.serial],
    ['rolling.max_unavailable', limits.maxUnavailable],
  ] as const) {
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 1) {
      throw new QuorumError(
        'QUORUM_PLAN_OPTION',
        `${key} is ${value}: a batch needs at least one host`,
        ExitCode.parserError,
        `set ${key} to a whole number of 1 or more`,
      );
    }
    cap = Math.min(cap, value);
  }
  return cap;
}
