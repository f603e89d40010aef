import type { HostStatus, RunEvent } from '../events.js';

// The PLAY RECAP counters, per host, as Ansible counts them.
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failed: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

const empty = (): HostStats => ({ ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 });

/** Ansible counts a changed task as ok too, and an ignored failure as ok plus ignored. */
const counted: Record<HostStatus, (keyof HostStats)[]> = {
  ok: ['ok'],
  changed: ['ok', 'changed'],
  failed: ['failed'],
  skipped: ['skipped'],
  unreachable: ['unreachable'],
  rescued: ['rescued'],
  ignored: ['ok', 'ignored'],
};

export class Recap {
  private readonly stats = new Map<string, HostStats>();

  /** Every host of a play appears in the recap, even one that ran nothing. */
  addHosts(hosts: readonly string[]): void {
    for (const host of hosts) if (!this.stats.has(host)) this.stats.set(host, empty());
  }

  record(host: string, status: HostStatus): void {
    const stats = this.stats.get(host) ?? empty();
    for (const key of counted[status]) stats[key] += 1;
    this.stats.set(host, stats);
  }

  /** Subscribes to a run: play hosts and per-host results. */
  listener = (event: RunEvent): void => {
    if (event.type === 'play_start') this.addHosts(event.hosts);
    // A loop reports one result per item, then the task's own; only the task's own result counts.
    if (event.type !== 'host_result' || event.item !== undefined) return;
    this.record(event.host, event.countAs ?? event.status);
    if (event.changedToo) this.get(event.host).changed += 1;
  };

  /** Hosts in name order, as Ansible prints them. */
  entries(): [string, HostStats][] {
    return [...this.stats.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  /** The host's counters (created at zero when the host has none yet). */
  get(host: string): HostStats {
    let stats = this.stats.get(host);
    if (!stats) {
      stats = empty();
      this.stats.set(host, stats);
    }
    return stats;
  }
}

/** `host : ok=1    changed=0 ...` with Ansible's widths, so that tools that parse the recap keep working. */
export function formatRecapLine(host: string, s: HostStats): string {
  const field = (name: string, n: number) => `${name}=${String(n).padEnd(4)}`;
  return [
    `${host.padEnd(26)} :`,
    field('ok', s.ok),
    field('changed', s.changed),
    field('unreachable', s.unreachable),
    field('failed', s.failed),
    field('skipped', s.skipped),
    field('rescued', s.rescued),
    field('ignored', s.ignored),
  ]
    .join(' ')
    .trimEnd();
}
