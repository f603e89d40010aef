import { EndpointClient, type EtcdTls } from '../../engine/etcd/endpoint-client.js';

// Fills the cluster with `keys` keys of `valueBytes` bytes each, many puts in flight through one member, so
// that restarts load a database of realistic size (the issue measured a 69 MB one).

export async function fillKeys(clientUrl: string, tls: EtcdTls | undefined, keys: number, valueBytes: number): Promise<{ dbSizeBytes: number; elapsedMs: number }> {
  const started = Date.now();
  const client = await EndpointClient.open({ clientUrl, timeoutMs: 30_000, ...(tls ? { tls } : {}) });
  try {
    const value = Buffer.from('v'.repeat(valueBytes));
    // One transaction per 100 keys (etcd allows 128 operations in one), a few in flight: one put per round trip
    // took minutes on a loaded machine.
    const perTxn = 100;
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < keys) {
          const first = next;
          next = Math.min(keys, next + perTxn);
          const success = Array.from({ length: next - first }, (_, i) => ({
            request_put: { key: Buffer.from(`bench/rolling/${String(first + i).padStart(6, '0')}`), value },
          }));
          await client.client.kv.txn({ compare: [], success, failure: [] });
        }
      }),
    );
    return { dbSizeBytes: (await client.status()).dbSize, elapsedMs: Date.now() - started };
  } finally {
    await client.close();
  }
}
