import type { Facts } from './gather-facts.js';

// What the run knows about each host as it goes: facts, variables set by set_fact and register, and whether
// the host is still in the play. Owned by one run; never global.

export class HostState {
  facts: Facts = {};
  /** set_fact results and registered task results, in the order they happened. */
  readonly setFacts: Record<string, unknown> = {};
  failed = false;
  unreachable = false;
  /** `meta: end_host` or an `end_play` reached this host. */
  ended = false;
  /** A failure inside a block that its rescue has not handled yet. */
  blockFailed = false;

  /** A host takes part in the next task unless it failed, became unreachable or was ended. */
  get active(): boolean {
    return !this.failed && !this.unreachable && !this.ended;
  }
}

export class HostStates {
  private readonly states = new Map<string, HostState>();

  of(host: string): HostState {
    let state = this.states.get(host);
    if (!state) {
      state = new HostState();
      this.states.set(host, state);
    }
    return state;
  }

  active(hosts: readonly string[]): string[] {
    return hosts.filter((h) => this.of(h).active);
  }
}
