// `hostvars`: every host's variables, each host's evaluated for that host only when a template reads it
// (`hostvars['etcd2'].etcd_peer_url` templates etcd_peer_url with etcd2's variables).
import { LazyMapping } from '../template/lazy-mapping.js';

export class HostVars extends LazyMapping {
  private readonly scopes = new Map<string, LazyMapping>();
  private readonly hosts: ReadonlySet<string> | ReadonlyMap<string, unknown>;

  constructor(
    /**
     * Every host of the inventory. A map or set is used as it is: each task of each host makes a HostVars, and a
     * copy of a fleet's host list for each would be quadratic.
     */
    hosts: readonly string[] | ReadonlySet<string> | ReadonlyMap<string, unknown>,
    /** The variables of `host` as other hosts see them (the caller builds its scope). */
    private readonly scopeFor: (host: string) => LazyMapping,
  ) {
    super();
    this.hosts = Array.isArray(hosts) ? new Set(hosts) : (hosts as ReadonlySet<string> | ReadonlyMap<string, unknown>);
  }

  keys(): string[] {
    return [...this.hosts.keys()];
  }

  has(host: string): boolean {
    return this.hosts.has(host);
  }

  get(host: string): LazyMapping | undefined {
    if (!this.has(host)) return undefined;
    let scope = this.scopes.get(host);
    if (!scope) {
      scope = this.scopeFor(host);
      this.scopes.set(host, scope);
    }
    return scope;
  }
}
