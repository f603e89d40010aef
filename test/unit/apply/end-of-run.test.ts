// How an apply ends: its exit code, the journal's outcome, and what it tells the SRE to do next.
import { describe, expect, it } from 'vitest';
import { endOfRun } from '../../../engine/apply/apply-run.js';

const resume = 'quorum apply --resume 20261128T020000Z-0001';
type Seen = { stale: string[]; locked: string | undefined; windowClosed: string | undefined; failures: string[]; interrupted?: string[] };
const seen = (patch: Partial<Seen>): Seen => ({ stale: [], locked: undefined, windowClosed: undefined, failures: [], ...patch });

describe('endOfRun', () => {
  it.each<[string, Seen, number, string, number, RegExp | undefined]>([
    ['every batch done', seen({}), 0, 'done', 0, undefined],
    ['stale before batch 2', seen({ stale: ['cluster etcd: leader member h3 (3) -> member h2 (2)'] }), 2, 'stale', 1, /^plan.json: QUORUM_PLAN_STALE: the saved plan is stale:\n {2}- cluster etcd: leader member h3 \(3\) -> member h2 \(2\)\nthe run stopped before the next batch/],
    ['locked', seen({ locked: 'QUORUM_LOCKED: cluster etcd is locked by sre@ops1' }), 2, 'locked', 6, /^QUORUM_LOCKED: cluster etcd is locked by sre@ops1$/],
    ['the window closed', seen({ windowClosed: 'the change window 22:00-02:00 closed (now 2026-11-29 02:00:04); batch 2 of 3 was not started' }), 2, 'window-closed', 7, /batch 2 of 3 was not started; the batches done are journaled; continue with: quorum apply --resume 20261128T020000Z-0001$/],
    ['Ctrl-C before batch 2', seen({ interrupted: ['cluster etcd: interrupted (SIGINT): batch 2 of 3 was not started; batch 1 completed with the health gate'] }), 99, 'interrupted', 99, /^quorum apply: cluster etcd: interrupted \(SIGINT\): batch 2 of 3 was not started; batch 1 completed with the health gate; the batches done are journaled; continue with: quorum apply --resume 20261128T020000Z-0001$/],
    ['Ctrl-C during the last batch: nothing was stopped', seen({ interrupted: [] }), 0, 'done', 0, undefined],
    ['Ctrl-C stopped one cluster while another failed its gate: the failure wins', seen({ interrupted: ['cluster b: interrupted (SIGINT): batch 2 of 3 was not started; batch 1 completed with the health gate'], failures: ['cluster a: h2 did not answer'] }), 2, 'failed', 2, /the run stopped \(exit 2\)/],
    ['a gate failed', seen({ failures: ['cluster etcd: h2 did not answer'] }), 2, 'failed', 2, /the run stopped \(exit 2\); once the cause is fixed, continue with: quorum apply --resume/],
    ['a host unreachable', seen({}), 3, 'failed', 3, /exit 3/],
  ])('%s', (_name, hooks, runExitCode, outcome, exitCode, message) => {
    const ending = endOfRun(hooks, runExitCode, 'plan.json', resume);
    expect(ending.outcome).toBe(outcome);
    expect(ending.exitCode).toBe(exitCode);
    if (message === undefined) expect(ending.message).toBeUndefined();
    else expect(ending.message).toMatch(message);
  });
});
