// Pure: how many voters were healthy in one monitor sample, and the lowest count seen over a run.

export interface MemberReading {
  host: string;
  /** Absent when the member did not answer in time. */
  status?: { leaderId: string; isLearner: boolean; errors: readonly string[] };
}

const NO_LEADER = '0';

/** A healthy voter answered, is not a learner, reports no errors (alarms), and knows a leader. */
export function isHealthyVoter(reading: MemberReading): boolean {
  const s = reading.status;
  return s !== undefined && !s.isLearner && s.errors.length === 0 && s.leaderId !== NO_LEADER && s.leaderId !== '';
}

export interface MinimumSeen {
  healthyVoters: number;
  /** Milliseconds since the monitor started, of the first sample at that minimum. */
  atMs: number;
  /** The members that were not healthy voters in that sample. */
  unhealthy: string[];
}

/** The lower of the minimum so far and this sample; an earlier sample at the same count is kept. */
export function lowerMinimum(current: MinimumSeen | undefined, atMs: number, readings: readonly MemberReading[]): MinimumSeen {
  const healthy = readings.filter(isHealthyVoter).length;
  if (current !== undefined && current.healthyVoters <= healthy) return current;
  return { healthyVoters: healthy, atMs, unhealthy: readings.filter((r) => !isHealthyVoter(r)).map((r) => r.host) };
}
