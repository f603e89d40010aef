import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HostVariables } from '../connect/ssh-options.js';
import { type MemberAccess, memberAccess } from '../etcd/cluster-access.js';
import { QuorumError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { hostVars, loadInventory, selectHosts } from '../inventory/index.js';
import { loadExtraVars } from '../load/extra-vars.js';
import { createTemplateEngine } from '../template/engine.js';
import { type CandidateHost, MEMBER_GROUP, selectClusterMembers } from './cluster-members.js';
import type { AdminCertFiles } from './etcdctl-args.js';
import { accessVariables, hostScopes } from './host-variables.js';

// From the command line to what etcdctl needs: the cluster's member hosts with their client URLs and
// connection variables, and the controller's admin certificate files (quorum_etcd_{ca,cert,key}_file).

export interface TargetRequest {
  inventory: readonly string[];
  extraVars: readonly string[];
  cluster?: string;
  limit?: string;
  cwd: string;
}

export interface MemberTarget {
  access: MemberAccess;
  /** The host's templated connection variables, for openConnection. */
  vars: HostVariables;
}

export interface ClusterTarget {
  cluster: string;
  members: MemberTarget[];
  /** Absent when the inventory sets no quorum_etcd_ca_file: the cluster speaks plain HTTP. */
  certs: AdminCertFiles | undefined;
}

export async function resolveClusterTarget(request: TargetRequest): Promise<ClusterTarget> {
  const extraVars = await loadExtraVars(request.extraVars, request.cwd);
  const inventory = await loadInventory(request.inventory, { playbookDir: request.cwd });
  const scopeOf = hostScopes({ inventory, extraVars, engine: await createTemplateEngine() });
  const grouped = new Set(inventory.groups.has(MEMBER_GROUP) ? selectHosts(inventory, MEMBER_GROUP) : []);
  const candidates: CandidateHost[] = [...inventory.hosts.keys()].map((name) => {
    // The contract's default name is in every scope: only a name the user set puts a host outside group etcd
    // into a cluster.
    const userSet = Object.hasOwn(hostVars(inventory, name), CLUSTER_VAR) || Object.hasOwn(extraVars, CLUSTER_VAR);
    const clusterName = userSet ? scopeOf(name).get(CLUSTER_VAR) : undefined;
    if (userSet && (typeof clusterName !== 'string' || clusterName === '')) {
      throw new UsageError(`host ${name}: ${CLUSTER_VAR} is ${JSON.stringify(clusterName)}, not a cluster name`, `set ${CLUSTER_VAR} to a non-empty string in the host's inventory entry or host_vars`);
    }
    return { name, inMemberGroup: grouped.has(name), ...(typeof clusterName === 'string' ? { clusterName } : {}) };
  });
  let names = selectClusterMembers(candidates, request.cluster);
  if (request.limit !== undefined) {
    const limited = new Set(selectHosts(inventory, request.limit));
    names = names.filter((n) => limited.has(n));
    if (names.length === 0) throw new UsageError(`--limit ${request.limit} leaves none of the cluster's members`, 'name one of its hosts or groups');
  }
  const members = names.map((host) => {
    const vars = accessVariables(scopeOf(host));
    return { access: memberAccess(host, vars), vars };
  });
  const cluster = request.cluster ?? candidates.find((c) => c.name === names[0])?.clusterName ?? 'etcd';
  return { cluster, members, certs: await adminCerts(members[0]!.access.host, members[0]!.vars, request.cwd) };
}

const CLUSTER_VAR = 'etcd_cluster_name';

const CERT_VARIABLES = ['quorum_etcd_ca_file', 'quorum_etcd_cert_file', 'quorum_etcd_key_file'] as const;

/** The controller's admin certificate files as the first member's variables name them, checked to exist. */
async function adminCerts(host: string, vars: HostVariables, cwd: string): Promise<AdminCertFiles | undefined> {
  const named = CERT_VARIABLES.map((variable) => ({ variable, value: vars[variable] }));
  const given = named.filter((n) => typeof n.value === 'string' && n.value !== '');
  if (given.length === 0) return undefined;
  if (given.length < named.length) {
    const missing = named.filter((n) => !given.includes(n)).map((n) => n.variable);
    throw new QuorumError(
      'QUORUM_ETCDCTL_CERTS',
      `host ${host}: ${given.map((n) => n.variable).join(', ')} ${given.length === 1 ? 'is' : 'are'} set but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not`,
      ExitCode.badOptions,
      'set all three in group_vars/etcd.yml (etcd-contract.md), or none for a plain-HTTP cluster',
    );
  }
  const path = (variable: string): string => resolve(cwd, vars[variable] as string);
  for (const { variable } of named) {
    try {
      await access(path(variable));
    } catch {
      throw new QuorumError(
        'QUORUM_ETCDCTL_CERTS',
        `host ${host}: ${variable} is ${path(variable)}, which does not exist on the controller`,
        ExitCode.error,
        'run the deploy playbook (its etcd_certs role writes the cluster PKI there), or point the variable at the file',
      );
    }
  }
  return { ca: path('quorum_etcd_ca_file'), cert: path('quorum_etcd_cert_file'), key: path('quorum_etcd_key_file') };
}
