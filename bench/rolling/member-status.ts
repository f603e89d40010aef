import { EndpointClient, type EndpointStatus, type EtcdTls } from '../../engine/etcd/endpoint-client.js';

// A member's status read directly from the controller (the lab's members listen on loopback addresses), with
// a client that is dialled afresh after a failure: gRPC's reconnect backoff would otherwise add seconds to a
// member that is already back.

export class MemberStatusReader {
  private client: Promise<EndpointClient> | undefined;

  constructor(
    readonly clientUrl: string,
    private readonly tls: EtcdTls | undefined,
    private readonly timeoutMs = 500,
  ) {}

  async status(): Promise<EndpointStatus> {
    this.client ??= EndpointClient.open({ clientUrl: this.clientUrl, timeoutMs: this.timeoutMs, ...(this.tls ? { tls: this.tls } : {}) });
    const current = this.client;
    try {
      return await (await current).status();
    } catch (error) {
      this.client = undefined;
      current.then((c) => c.close()).catch(() => undefined);
      throw error;
    }
  }

  /** The status, or undefined when the member does not answer. */
  async tryStatus(): Promise<EndpointStatus | undefined> {
    try {
      return await this.status();
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    const current = this.client;
    this.client = undefined;
    await current?.then((c) => c.close()).catch(() => undefined);
  }
}

/** Polls `check` every `periodMs` until it gives a value; fails after `timeoutMs`. */
export async function pollUntil<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000, periodMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench/rolling: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, periodMs));
  }
}
