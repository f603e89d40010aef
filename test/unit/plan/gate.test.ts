// The health gate's decision, as tables of sample sequences: what passes, what keeps waiting, what fails.
import { describe, expect, it } from 'vitest';
import { decideGate, gateOptionsFromSeconds, nextSampleDelayMs, type GateDecision, type GateMemberSample, type GateSample } from '../../../engine/plan/gate.js';

const LEADER = '16576940488520558258';
const OTHER = '9068035712824532851';

function up(host: string, applied: number, leaderId = LEADER): GateMemberSample {
  return { host, answered: true, leaderId, appliedIndex: applied };
}
function silent(host: string): GateMemberSample {
  return { host, answered: false };
}
function sample(atMs: number, leaderIndexBefore: number, members: GateMemberSample[]): GateSample {
  return { atMs, leaderIndexBefore, members };
}
const good = (atMs: number): GateSample => sample(atMs, 100, [up('h1', 100), up('h2', 120), up('h3', 101)]);

const options = { checks: 3, intervalMs: 1_000, timeoutMs: 10_000 };

describe('decideGate', () => {
  it.each<[string, string[], GateSample[], GateDecision]>([
    ['no sample yet', ['h2'], [], { verdict: 'wait', goodInARow: 0, reason: undefined }],
    ['three good samples in a row', ['h2'], [good(0), good(1000), good(2000)], { verdict: 'pass', goodInARow: 3 }],
    ['two good so far', ['h2'], [good(0), good(1000)], { verdict: 'wait', goodInARow: 2, reason: undefined }],
    [
      'a bad sample restarts the count',
      ['h2'],
      [good(0), good(1000), sample(2000, 100, [up('h1', 100), silent('h2'), up('h3', 101)]), good(3000), good(4000)],
      { verdict: 'wait', goodInARow: 2, reason: undefined },
    ],
    [
      'a batch host that does not answer',
      ['h2'],
      [sample(0, 100, [up('h1', 100), silent('h2'), up('h3', 100)])],
      { verdict: 'wait', goodInARow: 0, reason: 'h2 did not answer' },
    ],
    [
      'a batch host missing from the sample',
      ['h2'],
      [sample(0, 100, [up('h1', 100), up('h3', 100)])],
      { verdict: 'wait', goodInARow: 0, reason: 'h2 did not answer' },
    ],
    [
      'a batch host behind the leader index read before the check',
      ['h2'],
      [sample(0, 130, [up('h1', 130), up('h2', 129), up('h3', 130)])],
      { verdict: 'wait', goodInARow: 0, reason: "not caught up with the leader's index 130: h2 answers but 1 entry behind (applied 129)" },
    ],
    [
      'members that disagree on the leader',
      ['h2'],
      [sample(0, 100, [up('h1', 100), up('h2', 100, OTHER), up('h3', 100)])],
      {
        verdict: 'wait',
        goodInARow: 0,
        reason: `members disagree on the leader (h1: ${LEADER}, h2: ${OTHER}, h3: ${LEADER})`,
      },
    ],
    [
      'a member with no leader (an election)',
      ['h2'],
      [sample(0, 100, [up('h1', 100), up('h2', 100, '0'), up('h3', 100)])],
      { verdict: 'wait', goodInARow: 0, reason: 'h2 reports no leader' },
    ],
    [
      'a member outside the batch may lag: only batch hosts must catch up',
      ['h2'],
      [0, 1000, 2000].map((at) => sample(at, 100, [up('h1', 100), up('h2', 100), up('h3', 5)])),
      { verdict: 'pass', goodInARow: 3 },
    ],
    [
      'every host of the batch must catch up',
      ['h2', 'h3'],
      [0, 1000, 2000].map((at) => sample(at, 100, [up('h1', 100), up('h2', 100), up('h3', 5)])),
      { verdict: 'wait', goodInARow: 0, reason: "not caught up with the leader's index 100: h3 answers but 95 entries behind (applied 5)" },
    ],
    [
      'time out while the batch host stays down',
      ['h2'],
      [0, 5000, 10_000].map((at) => sample(at, 100, [up('h1', 100), silent('h2'), up('h3', 100)])),
      { verdict: 'fail', reason: 'not healthy within 10s: h2 did not answer' },
    ],
    [
      'time out with good checks too few',
      ['h2'],
      [sample(0, 100, [silent('h2')]), good(9000), good(10_000)],
      { verdict: 'fail', reason: 'not healthy within 10s: only 2 of 3 good checks in a row' },
    ],
    [
      'a pass within the timeout stands even if later samples came late',
      ['h2'],
      [good(8000), good(9000), good(10_000), good(11_000)],
      { verdict: 'pass', goodInARow: 3 },
    ],
    [
      'samples after the timeout do not count',
      ['h2'],
      [good(9000), good(10_000), good(11_000)],
      { verdict: 'fail', reason: 'not healthy within 10s: only 2 of 3 good checks in a row' },
    ],
  ])('%s', (_name, batch, samples, expected) => {
    expect(decideGate(batch, samples, options)).toEqual(expected);
  });
});

describe('gateOptionsFromSeconds', () => {
  it.each([
    [{ checks: 3, interval: 1, timeout: 120 }, { checks: 3, intervalMs: 1000, timeoutMs: 120_000 }],
    [{ checks: 5, interval: 0.5, timeout: 30 }, { checks: 5, intervalMs: 500, timeoutMs: 30_000 }],
  ])('%j', (gate, expected) => {
    expect(gateOptionsFromSeconds(gate)).toEqual(expected);
  });
});

describe('nextSampleDelayMs', () => {
  const quarter = { checks: 3, intervalMs: 250, timeoutMs: 120_000 };
  it.each<[string, { checks: number; intervalMs: number; timeoutMs: number }, boolean, number, number, number?]>([
    ['after a good sample: the rest of the interval, start to start', quarter, true, 40, 210],
    ['a good sample that took the whole interval: the next at once', quarter, true, 250, 0],
    ['a good sample that took longer than the interval: the next at once', quarter, true, 400, 0],
    ['after a bad sample: soon (50 ms, start to start)', quarter, false, 20, 30],
    ['a bad sample that took 50 ms or more: the next at once', quarter, false, 80, 0],
    ['an interval shorter than the retry: the interval after a bad sample too', { ...quarter, intervalMs: 30 }, false, 10, 20],
    ['the default interval of a second, after a good sample', { checks: 3, intervalMs: 1000, timeoutMs: 120_000 }, true, 100, 900],
    ['the second bad sample in a row: 100 ms', quarter, false, 20, 80, 2],
    ['the third bad sample in a row: 200 ms', quarter, false, 20, 180, 3],
    ['many bad samples in a row: never more than the interval', quarter, false, 20, 230, 12],
    ['many bad samples in a row at the default interval: a second', { checks: 3, intervalMs: 1000, timeoutMs: 120_000 }, false, 0, 1000, 40],
  ])('%s', (_name, gateOptions, good, tookMs, expected, badInARow) => {
    expect(nextSampleDelayMs(gateOptions, good, tookMs, badInARow)).toBe(expected);
  });
});
