import { EndpointClient, type EndpointTarget } from '../../../engine/etcd/endpoint-client.js';

// One member's client that heals itself: after a failed call the client is closed and the next call dials
// afresh. gRPC's own reconnect backs off for seconds after a member restarts; a load test or a monitor that
// waited on that backoff would see a healthy member as down.

export class EndpointHandle {
  private client: Promise<EndpointClient> | undefined;

  constructor(readonly target: EndpointTarget) {}

  get label(): string {
    return this.target.clientUrl;
  }

  /** Runs `call` on the client; on any failure the client is dropped, then the error is rethrown. */
  async use<T>(call: (client: EndpointClient) => Promise<T>): Promise<T> {
    this.client ??= EndpointClient.open(this.target);
    const current = this.client;
    try {
      return await call(await current);
    } catch (error) {
      if (this.client === current) this.client = undefined;
      current.then((c) => c.close()).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const current = this.client;
    this.client = undefined;
    await current?.then((c) => c.close()).catch(() => undefined);
  }
}
