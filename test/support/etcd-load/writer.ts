import type { EndpointTarget } from '../../../engine/etcd/endpoint-client.js';
import { EndpointHandle } from './endpoint-handle.js';
import { attemptOrder, endpointOfAttempt, loadKey } from './write-order.js';

// A client that writes keys without pause through all endpoints, the load of the e2e tests: each write goes to
// the next endpoint in turn, and to the following ones when that one does not take it. It counts the writes
// members accepted, the writes none accepted (failures, with their errors), and keeps every accepted key.

export interface WriterOptions {
  /** Keys are `<prefix><9-digit write number>`; default `quorum-load/`. */
  prefix?: string;
  /** Writes in flight at once; default 1 (a write starts when the one before ends). */
  concurrency?: number;
  /** How long one write may take over all its attempts before it counts as failed; default 10 s. */
  writeTimeoutMs?: number;
  /** An attempt with no answer by then is sent to the next endpoint as well; default 500 ms. */
  slowAttemptMs?: number;
}

export interface WriteFailure {
  key: string;
  /** Milliseconds since the writer started. */
  atMs: number;
  /** One `<endpoint>: <error>` per attempt. */
  errors: string[];
}

export interface WriterTotals {
  writes: number;
  failures: WriteFailure[];
  /** Attempts that an endpoint refused but a later endpoint took (members going down are expected to cause some). */
  retried: number;
  elapsedMs: number;
  /**
   * The longest stretch, in milliseconds, in which no write was acknowledged: from the start to the first
   * acknowledgement, between two, and from the last one to the stop. What an apiserver would feel as a stall.
   */
  longestGapMs: number;
  /** When (ms since the start) the longest stretch ended, to find it in the run's events. */
  longestGapEndMs: number;
}

export class EtcdWriter {
  private readonly handles: EndpointHandle[];
  private readonly keys: string[] = [];
  private readonly failed: WriteFailure[] = [];
  private retries = 0;
  private lastAckAt: number;
  private longestGap = 0;
  private longestGapEnd = 0;
  private next = 0;
  private stopping = false;
  private readonly startedAt = Date.now();
  private stoppedAt: number | undefined;
  private readonly loops: Promise<void>[];

  private constructor(
    targets: readonly EndpointTarget[],
    private readonly options: Required<WriterOptions>,
  ) {
    this.handles = targets.map((t) => new EndpointHandle(t));
    this.lastAckAt = this.startedAt;
    this.loops = Array.from({ length: options.concurrency }, () => this.loop());
  }

  /** Starts writing at once, through one client per endpoint. */
  static start(targets: readonly EndpointTarget[], options: WriterOptions = {}): EtcdWriter {
    if (targets.length === 0) throw new Error('EtcdWriter: no endpoints to write through');
    return new EtcdWriter(targets, {
      prefix: options.prefix ?? 'quorum-load/',
      concurrency: options.concurrency ?? 1,
      writeTimeoutMs: options.writeTimeoutMs ?? 10_000,
      slowAttemptMs: options.slowAttemptMs ?? 500,
    });
  }

  get writes(): number {
    return this.keys.length;
  }

  get failures(): readonly WriteFailure[] {
    return this.failed;
  }

  get writtenKeys(): readonly string[] {
    return this.keys;
  }

  /**
   * Waits for the first acknowledged write, then measures stretches without one from there: the time to the first
   * write is the client's own start (etcd3's import, TLS handshakes), which on a loaded machine says nothing about
   * the cluster. Call it before the change under test starts.
   */
  async warmUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.keys.length === 0) {
      if (Date.now() > deadline) throw new Error(`EtcdWriter: no write acknowledged within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    this.longestGap = 0;
    this.longestGapEnd = 0;
    this.lastAckAt = Date.now();
  }

  /** Stops starting writes, waits for those in flight, and returns the totals. */
  async stop(): Promise<WriterTotals> {
    this.stopping = true;
    await Promise.all(this.loops);
    this.stoppedAt ??= Date.now();
    return this.totals();
  }

  totals(): WriterTotals {
    const end = this.stoppedAt ?? Date.now();
    return {
      writes: this.keys.length,
      failures: [...this.failed],
      retried: this.retries,
      elapsedMs: end - this.startedAt,
      longestGapMs: Math.max(this.longestGap, end - this.lastAckAt),
      longestGapEndMs: end - this.lastAckAt > this.longestGap ? end - this.startedAt : this.longestGapEnd,
    };
  }

  /**
   * Reads every accepted key back (through the endpoints in turn, a range per batch of keys) and returns the
   * keys that are missing or hold another value. Call after stop().
   */
  async verifyAllReadable(): Promise<{ checked: number; missing: string[] }> {
    const missing: string[] = [];
    const batch = 500;
    // Concurrent writes finish out of order; ranges need the keys sorted.
    const sorted = [...this.keys].sort();
    for (let i = 0; i < sorted.length; i += batch) {
      const wanted = sorted.slice(i, i + batch);
      const handle = this.handles[(i / batch) % this.handles.length]!;
      const found = await this.readRange(handle, wanted[0]!, wanted.at(-1)!);
      for (const key of wanted) if (found.get(key) !== key) missing.push(key);
    }
    return { checked: this.keys.length, missing };
  }

  async close(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.loops);
    await Promise.all(this.handles.map((h) => h.close()));
  }

  private async readRange(first: EndpointHandle, from: string, to: string): Promise<Map<string, string>> {
    const errors: string[] = [];
    for (const index of attemptOrder(this.handles.indexOf(first), this.handles.length)) {
      const handle = this.handles[index]!;
      try {
        // The range end is exclusive: one byte past the last key takes it in.
        return await handle.use(async (c) => new Map(Object.entries(await c.client.getAll().inRange({ start: from, end: `${to}\0` }).strings())));
      } catch (error) {
        errors.push(`${handle.label}: ${firstLine(error)}`);
      }
    }
    throw new Error(`no endpoint answered the read of ${from} .. ${to}: ${errors.join('; ')}`);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const number = this.next++;
      await this.write(number, loadKey(this.options.prefix, number));
    }
  }

  /**
   * One write: to endpoint n mod count first, to the next ones when an endpoint refuses it or is slow (no answer
   * within slowAttemptMs: the same put is then sent to the next endpoint too, and the first acknowledgement
   * counts, as kube-apiserver's client fails over from a member that stopped answering). A put is idempotent
   * (same key, same value), so two attempts that both land change nothing. Failed only when no endpoint took it
   * within writeTimeoutMs.
   */
  private write(number: number, key: string): Promise<void> {
    const deadline = Date.now() + this.options.writeTimeoutMs;
    const errors: string[] = [];
    const count = this.handles.length;
    return new Promise<void>((resolve) => {
      let acknowledged = false;
      let finished = false;
      let attempts = 0;
      let inFlight = 0;
      const fail = () => {
        if (finished || acknowledged || inFlight > 0) return;
        finished = true;
        this.failed.push({ key, atMs: Date.now() - this.startedAt, errors });
        resolve();
      };
      const launch = (): void => {
        if (acknowledged || finished) return;
        if (Date.now() >= deadline) return fail();
        const handle = this.handles[endpointOfAttempt(number, attempts, count)]!;
        attempts += 1;
        inFlight += 1;
        let settled = false;
        const slow = setTimeout(() => {
          if (!settled) launch();
        }, this.options.slowAttemptMs);
        // The value is the key itself, so that a read-back checks both.
        handle.use((c) => c.client.put(key).value(key).exec()).then(
          () => {
            settled = true;
            clearTimeout(slow);
            inFlight -= 1;
            if (acknowledged || finished) return;
            acknowledged = true;
            this.keys.push(key);
            this.retries += attempts - 1;
            const now = Date.now();
            if (now - this.lastAckAt > this.longestGap) {
              this.longestGap = now - this.lastAckAt;
              this.longestGapEnd = now - this.startedAt;
            }
            this.lastAckAt = now;
            resolve();
          },
          (error: unknown) => {
            settled = true;
            clearTimeout(slow);
            inFlight -= 1;
            errors.push(`${handle.label}: ${firstLine(error)}`);
            if (acknowledged || finished) return;
            if (Date.now() >= deadline) return fail();
            // Every endpoint refused in a row: the cluster has no leader for a moment; do not spin.
            setTimeout(launch, attempts % count === 0 ? 50 : 0);
          },
        );
      };
      launch();
    });
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
