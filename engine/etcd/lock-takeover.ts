import { describeCallFailure, EtcdCallError } from './call-failure.js';
import type { EndpointClient } from './endpoint-client.js';

// The one write that takes a cluster's lock over from a run that is provably gone (lock-holder.ts): the key is
// replaced only if it still holds exactly the value that was read (a compare on the value, which names the run,
// its pid and its start), and is attached to this run's lease. Anyone who took or released it meanwhile wins.

/** True when the lock now holds `value` under `leaseId`; false when the key changed since it was read. */
export async function replaceLockValue(client: EndpointClient, key: string, expected: string, value: string, leaseId: string): Promise<boolean> {
  const keyBytes = Buffer.from(key);
  try {
    const r = await client.client.kv.txn({
      compare: [{ key: keyBytes, target: 'Value', result: 'Equal', value: Buffer.from(expected) }],
      success: [{ request_put: { key: keyBytes, value: Buffer.from(value), lease: leaseId } }],
      failure: [],
    });
    return r.succeeded;
  } catch (error) {
    throw new EtcdCallError(describeCallFailure(error, { endpoint: client.endpoint, timeoutMs: client.target.timeoutMs ?? 5000 }));
  }
}
