import type { EndpointTarget } from '../../../engine/etcd/endpoint-client.js';
import { EndpointHandle } from './endpoint-handle.js';
import { type MemberReading, type MinimumSeen, lowerMinimum } from './healthy-voters.js';

// Samples every member's status on a fixed period (100 ms by default) for the length of a change, and keeps
// the lowest number of healthy voters any sample saw, and when. A sample waits for its slowest member (each
// call has its own short timeout), and the next starts one period after the last one started, or at once.

export interface MonitoredMember {
  host: string;
  target: EndpointTarget;
}

export interface MonitorOptions {
  periodMs?: number;
  /** How long a member may take to answer before it counts as not healthy; default 1000 ms. */
  answerTimeoutMs?: number;
}

export interface MonitorReport {
  samples: number;
  /** Undefined only when no sample completed. */
  minimum: MinimumSeen | undefined;
  elapsedMs: number;
}

export class QuorumMonitor {
  private readonly members: { host: string; handle: EndpointHandle }[];
  private minimum: MinimumSeen | undefined;
  private lastHealthy: number | undefined;
  private samples = 0;
  private stopping = false;
  private readonly startedAt = Date.now();
  private readonly running: Promise<void>;

  private constructor(members: readonly MonitoredMember[], private readonly periodMs: number, answerTimeoutMs: number) {
    this.members = members.map((m) => ({ host: m.host, handle: new EndpointHandle({ ...m.target, timeoutMs: answerTimeoutMs }) }));
    this.running = this.loop();
  }

  static start(members: readonly MonitoredMember[], options: MonitorOptions = {}): QuorumMonitor {
    return new QuorumMonitor(members, options.periodMs ?? 100, options.answerTimeoutMs ?? 1000);
  }

  /**
   * Waits until one sample sees every member healthy, then counts the minimum from there: the first samples time
   * the monitor's own clients opening (TLS handshakes on a loaded machine), not the cluster. Call it before the
   * change under test starts.
   */
  async warmUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const seenBefore = this.samples;
    while (this.samples === seenBefore || (this.lastHealthy ?? 0) < this.members.length) {
      if (Date.now() > deadline) throw new Error(`QuorumMonitor: no sample saw all ${this.members.length} members healthy within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    this.minimum = undefined;
  }

  /** What has been seen so far (the monitor goes on). */
  report(): MonitorReport {
    return { samples: this.samples, minimum: this.minimum, elapsedMs: Date.now() - this.startedAt };
  }

  /** Ends sampling after the sample in progress, closes the clients, and returns what was seen. */
  async stop(): Promise<MonitorReport> {
    this.stopping = true;
    await this.running;
    await Promise.all(this.members.map((m) => m.handle.close()));
    return this.report();
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const started = Date.now();
      const readings = await Promise.all(this.members.map((m) => this.read(m.host, m.handle)));
      this.samples++;
      this.minimum = lowerMinimum(this.minimum, started - this.startedAt, readings);
      this.lastHealthy = lowerMinimum(undefined, 0, readings)?.healthyVoters;
      const wait = this.periodMs - (Date.now() - started);
      if (wait > 0 && !this.stopping) await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async read(host: string, handle: EndpointHandle): Promise<MemberReading> {
    try {
      const s = await handle.use((c) => c.status());
      return { host, status: { leaderId: s.leaderId, isLearner: s.isLearner, errors: s.errors } };
    } catch {
      return { host };
    }
  }
}
