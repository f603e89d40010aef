// Which handlers run at a flush, and on which hosts. A task that changed notifies names; a handler answers to
// its own name, to `role : name`, or to any of its `listen` topics. Each notified handler runs once per flush
// per host, in the order the handlers are defined, not the order they were notified (Ansible's rule).

export interface HandlerIdentity {
  name?: string;
  listen: readonly string[];
  /** The role the handler belongs to, for `role : name` notifications. */
  role?: string;
}

export function answersTo(handler: HandlerIdentity, notification: string): boolean {
  if (handler.name !== undefined) {
    if (handler.name === notification) return true;
    if (handler.role !== undefined && `${handler.role} : ${handler.name}` === notification) return true;
  }
  return handler.listen.includes(notification);
}

export class Notifications {
  /** Notification name -> hosts that sent it since the last flush, in the order they did. */
  private readonly pending = new Map<string, string[]>();

  notify(host: string, names: readonly string[]): void {
    for (const name of names) {
      const hosts = this.pending.get(name) ?? [];
      if (!hosts.includes(host)) hosts.push(host);
      this.pending.set(name, hosts);
    }
  }

  /** True when any notification is waiting, so that a flush with nothing to do prints nothing. */
  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  /** Names notified that no handler answers to: a run-time template may produce one the loader could not see. */
  unanswered(handlers: readonly HandlerIdentity[]): string[] {
    return [...this.pending.keys()].filter((name) => !handlers.some((h) => answersTo(h, name)));
  }

  /**
   * Takes the pending notifications: for each handler in definition order, the hosts it must run on.
   * Handlers nobody notified are left out; the pending set is cleared.
   */
  take<H extends HandlerIdentity>(handlers: readonly H[]): { handler: H; hosts: string[] }[] {
    const runs: { handler: H; hosts: string[] }[] = [];
    for (const handler of handlers) {
      const hosts: string[] = [];
      for (const [name, notifiedBy] of this.pending) {
        if (!answersTo(handler, name)) continue;
        for (const host of notifiedBy) if (!hosts.includes(host)) hosts.push(host);
      }
      if (hosts.length > 0) runs.push({ handler, hosts });
    }
    this.pending.clear();
    return runs;
  }
}
