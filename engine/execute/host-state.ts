import type { Facts } from './gather-facts.js';

// What the run knows about each host as it goes: facts, variables set by set_fact and register, and whether
// the host is still in the play. Owned by one run; never global.

export class HostState {
  facts: Facts = {};
  /** set_fact results and registered task results, in the order they happened. */
  readonly setFacts: Record<string, unknown> = {};
  /** A failure inside a block that its rescue has not handled yet. */
  blockFailed = false;
  private isFailed = false;
  private isUnreachable = false;
  private isEnded = false;

  /** `changed` is told whenever the host enters or leaves the play, so that HostStates can keep its lists. */
  constructor(private readonly changed: () => void = () => undefined) {}

  get failed(): boolean {
    return this.isFailed;
  }
  set failed(value: boolean) {
    this.isFailed = value;
    this.changed();
  }
  get unreachable(): boolean {
    return this.isUnreachable;
  }
  set unreachable(value: boolean) {
    this.isUnreachable = value;
    this.changed();
  }
  /** `meta: end_host` or an `end_play` reached this host. */
  get ended(): boolean {
    return this.isEnded;
  }
  set ended(value: boolean) {
    this.isEnded = value;
    this.changed();
  }

  /** A host takes part in the next task unless it failed, became unreachable or was ended. */
  get active(): boolean {
    return !this.isFailed && !this.isUnreachable && !this.isEnded;
  }
}

export class HostStates {
  private readonly states = new Map<string, HostState>();
  /** Bumped whenever any host enters or leaves the play: the lists below are valid for one version only. */
  private version = 0;
  /**
   * The active hosts of a host list, per list: every task of every host asks for the play's active hosts (the
   * magic variables), which filtered over all hosts each time is quadratic in a fleet of thousands.
   */
  private readonly activeOf = new WeakMap<readonly string[], { version: number; hosts: readonly string[] }>();

  of(host: string): HostState {
    let state = this.states.get(host);
    if (!state) {
      state = new HostState(() => void (this.version += 1));
      this.states.set(host, state);
    }
    return state;
  }

  /** The hosts of the list that are still in the play, as a new array the caller may keep. */
  active(hosts: readonly string[]): string[] {
    return [...this.activeShared(hosts)];
  }

  /** The same hosts as one frozen list, shared by every caller until a host enters or leaves the play. */
  activeShared(hosts: readonly string[]): readonly string[] {
    const known = this.activeOf.get(hosts);
    if (known !== undefined && known.version === this.version) return known.hosts;
    const active = Object.freeze(hosts.filter((h) => this.of(h).active));
    this.activeOf.set(hosts, { version: this.version, hosts: active });
    return active;
  }
}
