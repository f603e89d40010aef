// The health gate's decision between batches, as a pure function of the samples taken so far; the loop
// that takes a sample every interval (and reads the leader's raft index before each) lives with the etcd
// client. A sample is good when every host of the batch answered, every member that answered names the same
// leader, and each batch host has applied at least the leader's index read just before the sample: that is
// "caught up", not merely "running". The gate passes after `checks` good samples in a row; one bad sample
// starts the count again; when the time is up without a pass it fails, and the run halts.
import { NO_LEADER, type MemberId } from './cluster-state.js';

export interface GateOptions {
  /** Good samples in a row needed to pass. */
  checks: number;
  /** How far apart the loop takes samples. */
  intervalMs: number;
  /** Time from the gate's start after which it fails. */
  timeoutMs: number;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = { checks: 3, intervalMs: 1_000, timeoutMs: 120_000 };

export interface GateMemberSample {
  /** The inventory host (or member name) this answer is from. */
  host: string;
  answered: boolean;
  leaderId?: MemberId;
  appliedIndex?: number;
}

export interface GateSample {
  /** Milliseconds since the gate started. */
  atMs: number;
  /** The leader's raft index, read before this sample's status calls. */
  leaderIndexBefore: number;
  members: readonly GateMemberSample[];
}

export type GateDecision =
  | { verdict: 'pass'; goodInARow: number }
  | { verdict: 'wait'; goodInARow: number; reason: string | undefined }
  | { verdict: 'fail'; reason: string };

/** Why a sample is not good, or undefined when it is. */
export function sampleProblem(batchHosts: readonly string[], sample: GateSample): string | undefined {
  const byHost = new Map(sample.members.map((member) => [member.host, member]));
  const silent = batchHosts.filter((host) => byHost.get(host)?.answered !== true);
  if (silent.length > 0) return `${silent.join(', ')} did not answer`;

  const answering = sample.members.filter((member) => member.answered);
  const leaders = new Set(answering.map((member) => member.leaderId ?? NO_LEADER));
  if (leaders.has(NO_LEADER)) {
    const leaderless = answering.filter((member) => (member.leaderId ?? NO_LEADER) === NO_LEADER).map((m) => m.host);
    return `${leaderless.join(', ')} report${leaderless.length === 1 ? 's' : ''} no leader`;
  }
  if (leaders.size > 1) {
    const views = answering.map((member) => `${member.host}: ${member.leaderId}`).join(', ');
    return `members disagree on the leader (${views})`;
  }
  const behind = batchHosts
    .map((host) => byHost.get(host))
    .filter((member): member is GateMemberSample => (member?.appliedIndex ?? -1) < sample.leaderIndexBefore)
    .map((member) =>
      member.appliedIndex === undefined
        ? `${member.host} answers but has applied nothing`
        : `${member.host} answers but ${entries(sample.leaderIndexBefore - member.appliedIndex)} behind (applied ${member.appliedIndex})`,
    );
  if (behind.length > 0) return `not caught up with the leader's index ${sample.leaderIndexBefore}: ${behind.join(', ')}`;
  return undefined;
}

export function decideGate(
  batchHosts: readonly string[],
  samples: readonly GateSample[],
  options: GateOptions = DEFAULT_GATE_OPTIONS,
): GateDecision {
  let goodInARow = 0;
  let lastProblem: string | undefined;
  for (const sample of samples) {
    if (sample.atMs > options.timeoutMs) break;
    lastProblem = sampleProblem(batchHosts, sample);
    goodInARow = lastProblem === undefined ? goodInARow + 1 : 0;
    if (goodInARow >= options.checks) return { verdict: 'pass', goodInARow };
  }
  const latest = samples[samples.length - 1];
  if (latest !== undefined && latest.atMs >= options.timeoutMs) {
    const seconds = Math.round(options.timeoutMs / 1000);
    const detail = lastProblem ?? `only ${goodInARow} of ${options.checks} good checks in a row`;
    return { verdict: 'fail', reason: `not healthy within ${seconds}s: ${detail}` };
  }
  return { verdict: 'wait', goodInARow, reason: lastProblem };
}

/**
 * After a bad sample the loop looks again this soon: the count of good checks starts again anyway, so waiting
 * a whole interval would only delay the first good one (a member catching up is seen caught up sooner). Each
 * further bad sample in a row doubles the wait, up to the interval: a member that stays down is not asked
 * twenty times a second for the whole timeout.
 */
export const RETRY_AFTER_BAD_SAMPLE_MS = 50;

/**
 * How long to wait, once a sample is in, before the next one starts. Good samples start `intervalMs` apart
 * (start to start: the interval is how far apart the cluster is looked at, and the time a sample's calls take
 * is part of it, not added to it); after a bad one the next starts soon (RETRY_AFTER_BAD_SAMPLE_MS, doubled for
 * each bad one before it in a row, never more than the interval). `tookMs` is how long the sample just taken
 * took; `badInARow` counts it among the bad ones.
 */
export function nextSampleDelayMs(options: GateOptions, good: boolean, tookMs: number, badInARow = 1): number {
  const backoff = RETRY_AFTER_BAD_SAMPLE_MS * 2 ** Math.min(Math.max(badInARow, 1) - 1, 20);
  const spacing = good ? options.intervalMs : Math.min(options.intervalMs, backoff);
  return Math.max(0, spacing - tookMs);
}

/** The playbook's `rolling.gate` is in seconds (as Ansible's timeouts are); the decision works in ms. */
export function gateOptionsFromSeconds(gate: { checks: number; interval: number; timeout: number }): GateOptions {
  return { checks: gate.checks, intervalMs: gate.interval * 1000, timeoutMs: gate.timeout * 1000 };
}

/** `1 entry`, `1,204 entries`: as an SRE reads a lag. */
function entries(n: number): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;
}
