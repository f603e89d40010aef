import type { ClusterSession } from '../etcd/cluster-session.js';
import { decideGate, nextSampleDelayMs, type GateOptions, type GateSample } from '../plan/gate.js';
import type { PlannedBatch } from '../plan/cluster-plan.js';
import type { RunContext } from './run-context.js';

// The health gate's loop between batches: a sample of the cluster (the leader's raft index, then every member's
// status), the pure decision of engine/plan/gate.ts, and the wait before the next sample, until the gate passes
// or its time is up. The first sample is taken as soon as the batch's tasks are done.

/** Samples until the gate passes (undefined) or fails (the reason). */
export async function waitForGate(run: RunContext, cluster: string, session: ClusterSession, batch: PlannedBatch, options: GateOptions): Promise<string | undefined> {
  const started = Date.now();
  const samples: GateSample[] = [];
  let lastReason: string | undefined;
  let badInARow = 0;
  for (;;) {
    const sampleStarted = Date.now();
    samples.push(await session.sample(started));
    const decision = decideGate(batch.hosts, samples, options);
    if (decision.verdict === 'pass') {
      run.bus.emit({ type: 'gate', cluster, status: 'passed', detail: `${batch.hosts.join(', ')} healthy and caught up, ${decision.goodInARow} checks in a row` });
      return undefined;
    }
    if (decision.verdict === 'fail') return decision.reason;
    if (decision.reason && decision.reason !== lastReason) {
      run.bus.emit({ type: 'gate', cluster, status: 'waiting', detail: decision.reason });
      lastReason = decision.reason;
    }
    // A bad sample resets the count to 0, so a count above 0 says the sample just taken was good.
    const good = decision.goodInARow > 0;
    badInARow = good ? 0 : badInARow + 1;
    const delay = nextSampleDelayMs(options, good, Date.now() - sampleStarted, badInARow);
    await new Promise((r) => setTimeout(r, delay));
  }
}
