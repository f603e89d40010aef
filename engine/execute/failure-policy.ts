// When a play stops because of failed hosts, as Ansible decides it.

export interface FailurePolicy {
  /** Stop the play when the failed share of the batch EXCEEDS this percentage (equal is allowed). */
  maxFailPercentage?: number;
  /** Any failure stops the play on every host. */
  anyErrorsFatal?: boolean;
}

export type PlayVerdict = 'continue' | 'stop-play';

/**
 * Checked after each task: `failedInBatch` counts the batch's hosts that failed or were unreachable so far.
 * A batch whose every host has failed also ends the play, as ansible-playbook does.
 */
export function verdictAfterTask(policy: FailurePolicy, failedInBatch: number, batchSize: number): PlayVerdict {
  if (failedInBatch === 0 || batchSize === 0) return 'continue';
  if (policy.anyErrorsFatal) return 'stop-play';
  if (failedInBatch >= batchSize) return 'stop-play';
  if (policy.maxFailPercentage !== undefined && (failedInBatch / batchSize) * 100 > policy.maxFailPercentage) {
    return 'stop-play';
  }
  return 'continue';
}
