import type { HostVariables } from '../connect/ssh-options.js';
import { type Inventory, hostVars, hostsOfGroup } from '../inventory/index.js';
import type { TemplateEngine } from '../template/engine.js';
import { HostVars } from '../vars/hostvars.js';
import { magicVariables } from '../vars/magic.js';
import { resolveVariables } from '../vars/precedence.js';
import { type Vars, VariableScope } from '../vars/scope.js';

// A host's variables as a task of the etcd roles would see them, outside any play: inventory, the contract's
// two defaults the admin certificate paths are built from, -e, and the magic variables. Lazy: only what
// `quorum etcdctl` reads is templated (addresses, connection settings, the certificate paths).

/**
 * The roles' defaults that `quorum_etcd_*_file` refer to in the inventories' group_vars (etcd-contract.md).
 * They sit at role-default precedence, so anything the inventory or -e sets wins.
 */
export const CONTRACT_DEFAULTS: Vars = {
  etcd_cluster_name: 'etcd',
  etcd_pki_dir: '{{ inventory_dir }}/pki/{{ etcd_cluster_name }}',
};

export interface HostVariableSource {
  inventory: Inventory;
  extraVars: Vars;
  engine: TemplateEngine;
}

/** One scope per host, built on first use and shared, so hostvars[other] works in templates. */
export function hostScopes(source: HostVariableSource): (host: string) => VariableScope {
  const { inventory } = source;
  const hosts = [...inventory.hosts.keys()];
  const groups: Record<string, string[]> = { all: hosts, ungrouped: [] };
  for (const name of inventory.groups.keys()) if (name !== 'all') groups[name] = hostsOfGroup(inventory, name);
  const scopes = new Map<string, VariableScope>();
  const scopeOf = (host: string): VariableScope => {
    let scope = scopes.get(host);
    if (!scope) {
      const values = resolveVariables({
        roleDefaults: CONTRACT_DEFAULTS,
        inventory: hostVars(inventory, host) as Vars,
        extraVars: source.extraVars,
        magic: magicVariables({
          inventoryHostname: host,
          groups,
          playHosts: hosts,
          playBatch: hosts,
          checkMode: false,
          diffMode: false,
          hostvars: new HostVars(hosts, scopeOf),
        }),
      });
      scope = new VariableScope(values, { engine: source.engine }, { label: host });
      scopes.set(host, scope);
    }
    return scope;
  };
  return scopeOf;
}

/** The connection and quorum_* variables of a host (what openConnection and memberAccess read), templated. */
export function accessVariables(scope: VariableScope): HostVariables {
  const vars: { [name: string]: unknown } = {};
  for (const key of scope.keys()) {
    const wanted = key.startsWith('ansible_') || key.startsWith('quorum_') || ACCESS_KEYS.has(key);
    if (!wanted || key === 'ansible_facts') continue;
    vars[key] = scope.get(key);
  }
  return vars;
}

const ACCESS_KEYS = new Set(['etcd_client_url', 'etcd_server_name', 'etcd_cluster_name']);
