// `hostvars`: every host's variables, each host's evaluated for that host only when a template reads it
// (`hostvars['etcd2'].etcd_peer_url` templates etcd_peer_url with etcd2's variables).
import { LazyMapping } from '../template/lazy-mapping.js';

export class HostVars extends LazyMapping {
  private readonly scopes = new Map<string, LazyMapping>();

  constructor(
    private readonly hosts: readonly string[],
    /** The variables of `host` as other hosts see them (the caller builds its scope). */
    private readonly scopeFor: (host: string) => LazyMapping,
  ) {
    super();
  }

  keys(): string[] {
    return [...this.hosts];
  }

  has(host: string): boolean {
    return this.hosts.includes(host);
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
