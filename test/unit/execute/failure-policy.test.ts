import { describe, expect, it } from 'vitest';
import { type FailurePolicy, verdictAfterTask } from '../../../engine/execute/failure-policy.js';

describe('verdictAfterTask', () => {
  it.each<[string, FailurePolicy, number, number, string]>([
    ['no failure', {}, 0, 5, 'continue'],
    ['one failure of five, no policy', {}, 1, 5, 'continue'],
    ['every host of the batch failed', {}, 3, 3, 'stop-play'],
    ['any_errors_fatal stops at the first failure', { anyErrorsFatal: true }, 1, 5, 'stop-play'],
    ['20% failed with max 20%: equal is allowed', { maxFailPercentage: 20 }, 1, 5, 'continue'],
    ['40% failed with max 20%: exceeded', { maxFailPercentage: 20 }, 2, 5, 'stop-play'],
    ['max 0%: one failure exceeds it', { maxFailPercentage: 0 }, 1, 10, 'stop-play'],
    ['max 100% still stops when all failed', { maxFailPercentage: 100 }, 4, 4, 'stop-play'],
    ['an empty batch', { anyErrorsFatal: true }, 0, 0, 'continue'],
  ])('%s', (_name, policy, failed, size, expected) => {
    expect(verdictAfterTask(policy, failed, size)).toBe(expected);
  });
});
