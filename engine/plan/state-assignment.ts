// Which captured state belongs to which cluster of the play. `--cluster-state east=east.json` says it; a bare
// `--cluster-state east.json` is matched by its members: a member named like a host of the play, or whose
// peer address is a host's ansible_host, puts the state in that host's cluster. So a fleet of 300 clusters
// needs 300 file names, not 300 names typed twice.
import type { ClusterState } from './cluster-state.js';
import { peerUrlHost } from './member-mapping.js';
import type { PlanHost } from './plan-host.js';

export interface ClusterStateArg {
  /** The cluster named before `=`, when given. */
  cluster?: string;
  file: string;
}

/** `NAME=PATH` or `PATH`. A name holds no `/` (so a path with `=` in a directory name still reads as a path). */
export function parseClusterStateArg(arg: string): ClusterStateArg {
  const at = arg.indexOf('=');
  if (at > 0 && !arg.slice(0, at).includes('/')) return { cluster: arg.slice(0, at), file: arg.slice(at + 1) };
  return { file: arg };
}

export interface LoadedState {
  cluster?: string;
  state: ClusterState;
}

export interface StateAssignment {
  states: Map<string, ClusterState>;
  /** One sentence per state that fits no cluster, several, or a cluster that already has one. */
  problems: string[];
}

export function assignStatesToClusters(loaded: readonly LoadedState[], hosts: readonly PlanHost[]): StateAssignment {
  const clusterOfName = new Map<string, string>();
  const clustersOfAddress = new Map<string, Set<string>>();
  for (const host of hosts) {
    clusterOfName.set(host.name, host.cluster);
    const set = clustersOfAddress.get(host.address) ?? new Set<string>();
    set.add(host.cluster);
    clustersOfAddress.set(host.address, set);
  }
  const states = new Map<string, ClusterState>();
  const problems: string[] = [];
  for (const { cluster, state } of loaded) {
    const candidates = cluster !== undefined ? new Set([cluster]) : clustersOf(state, clusterOfName, clustersOfAddress);
    if (candidates.size !== 1) {
      problems.push(
        candidates.size === 0
          ? `${state.source}: no member is a host of this play (by name or ansible_host); name its cluster with --cluster-state NAME=${state.source}`
          : `${state.source}: its members are hosts of several clusters (${[...candidates].join(', ')}); name one with --cluster-state NAME=${state.source}`,
      );
      continue;
    }
    const name = [...candidates][0] as string;
    const taken = states.get(name);
    if (taken !== undefined) {
      problems.push(`${state.source}: cluster ${name} already has a state (${taken.source}); give one state per cluster`);
      continue;
    }
    states.set(name, state);
  }
  return { states, problems };
}

function clustersOf(
  state: ClusterState,
  clusterOfName: ReadonlyMap<string, string>,
  clustersOfAddress: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const found = new Set<string>();
  for (const member of state.members) {
    const byName = clusterOfName.get(member.name);
    if (byName !== undefined) {
      found.add(byName);
      continue;
    }
    for (const url of member.peerUrls) {
      const address = peerUrlHost(url);
      for (const cluster of (address === undefined ? undefined : clustersOfAddress.get(address)) ?? []) found.add(cluster);
    }
  }
  return found;
}
