// One inventory may hold many etcd clusters. Each host says which one it belongs to with a variable
// (`etcd_cluster_name` unless the play names another); a host without it belongs to the one cluster named
// after the play's rolling group, which is what a single-cluster inventory gets without writing anything.
import type { Diagnostic } from '../diagnostics.js';
import { InputError } from '../errors.js';
import type { PlanHost } from './plan-host.js';

export const DEFAULT_CLUSTER_VAR = 'etcd_cluster_name';

/** A host's merged variables, as the inventory resolves them: the user's own data, free-form by nature. */
export interface HostVariables {
  readonly [name: string]: unknown;
}

export interface FleetHost {
  name: string;
  vars: HostVariables;
}

export interface ClusterSelector {
  /** The rolling group (`rolling: {cluster: etcd}`): the cluster name of hosts that do not set one. */
  group: string;
  /** The variable that names a host's cluster. */
  clusterVar?: string;
}

/** Resolves each host's cluster and address; every bad variable is reported at once (InputError). */
export function toPlanHosts(hosts: readonly FleetHost[], selector: ClusterSelector): PlanHost[] {
  const clusterVar = selector.clusterVar ?? DEFAULT_CLUSTER_VAR;
  const diagnostics: Diagnostic[] = [];
  const planHosts: PlanHost[] = [];
  for (const host of hosts) {
    const cluster = host.vars[clusterVar] ?? selector.group;
    const address = host.vars['ansible_host'] ?? host.name;
    const bad = [
      typeof cluster === 'string' && cluster !== '' ? undefined : [clusterVar, cluster] as const,
      typeof address === 'string' && address !== '' ? undefined : ['ansible_host', address] as const,
    ].filter((entry) => entry !== undefined);
    for (const [key, value] of bad) {
      diagnostics.push({
        severity: 'error',
        code: 'QUORUM_PLAN_HOST_VAR',
        message: `host ${host.name}: ${key} is ${JSON.stringify(value)}, not a name`,
        hint: `set ${key} to a non-empty string in the host's inventory entry or host_vars`,
      });
    }
    if (bad.length === 0) planHosts.push({ name: host.name, address: address as string, cluster: cluster as string });
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
  return planHosts;
}

/** The hosts of each cluster, clusters in the order their first host appears in the play. */
export function hostsByCluster(hosts: readonly PlanHost[]): Map<string, PlanHost[]> {
  const byCluster = new Map<string, PlanHost[]>();
  for (const host of hosts) {
    const list = byCluster.get(host.cluster);
    if (list === undefined) byCluster.set(host.cluster, [host]);
    else list.push(host);
  }
  return byCluster;
}
