import { clusterAccess, clusterSession, membersOf, rollingTargets } from '../execute/rolling-play.js';
import { readClusterLock, type ClusterLockedError } from '../etcd/cluster-lock.js';
import { planningRunContext } from '../execute/planning-context.js';
import type { RunInputs } from '../execute/prepare-run.js';
import { rolesInOrder } from '../execute/run-context.js';
import type { ConnectionProvider, ModuleLookup, RunOptions } from '../execute/run-options.js';
import { playHosts } from '../execute/run-play.js';
import type { ClusterState } from '../plan/cluster-state.js';
import type { PlanHost } from '../plan/plan-host.js';
import { hostsByCluster } from '../plan/fleet.js';
import { buildPlanDocument, type PlanDocument, type PlayPlanInput } from '../plan/plan-document.js';
import { planRollingPlay } from '../plan/plan-play.js';
import type { TemplateEngine } from '../template/engine.js';

// What apply compares a saved plan with before anything runs: each play's hosts (after --limit) and, for each
// rolling play, each cluster's live state, the batches the planner computes from it now, and whether another
// run holds the cluster's lock. Read-only: nothing on the hosts changes.

export interface LiveClusters {
  /** The plan the current inputs and clusters give (no task changes: apply does not re-run check mode). */
  document: PlanDocument;
  /** Each cluster's live state, by cluster name. */
  states: Map<string, ClusterState>;
  /** Clusters whose lock another run holds. */
  locked: ClusterLockedError[];
  /** Locks held by runs that are provably gone, to be taken over (one line each). */
  notes: string[];
  /** Each cluster's member hosts, as the planner maps members to them. */
  hosts: Map<string, PlanHost[]>;
}

export async function readLiveClusters(input: {
  prepared: Pick<RunInputs, 'playbook' | 'inventory'>;
  options: RunOptions;
  modules: ModuleLookup;
  connections: ConnectionProvider;
  engine: TemplateEngine;
}): Promise<LiveClusters> {
  const { playbook, inventory } = input.prepared;
  const run = planningRunContext({ playbook, inventory, options: input.options, modules: input.modules, connections: input.connections, engine: input.engine });
  const states = new Map<string, ClusterState>();
  const locked: ClusterLockedError[] = [];
  const hostsOf = new Map<string, PlanHost[]>();
  const notes: string[] = [];
  const plays: PlayPlanInput[] = [];
  for (const play of playbook.plays) {
    const hosts = playHosts(run, play);
    const planned: PlayPlanInput = { name: play.name ?? play.hosts, hosts, clusters: [], changes: [] };
    if (play.rolling && hosts.length > 0) {
      const targets = rollingTargets(run, play, hosts, rolesInOrder(play, playbook.roles));
      const playStates = new Map<string, ClusterState>();
      for (const [cluster, clusterHosts] of hostsByCluster(targets.planHosts)) {
        const members = membersOf(targets.memberHosts, cluster);
        const readThrough = members.length > 0 ? members : clusterHosts;
        hostsOf.set(cluster, readThrough);
        const session = await clusterSession(run, cluster, readThrough, targets.varsOf);
        try {
          playStates.set(cluster, await session.state());
        } finally {
          await session.close();
        }
        const holder = await readClusterLock({
          cluster,
          access: await clusterAccess(readThrough, targets.varsOf),
          connectionFor: (host) => run.connections.get(host, targets.varsOf.get(host)!),
          owner: run.connections,
        }, (note) => notes.push(note));
        if (holder) locked.push(holder);
      }
      for (const [name, state] of playStates) states.set(name, state);
      const outcome = planRollingPlay({ hosts: targets.planHosts, states: playStates, limits: targets.limits, members: play.rolling.members });
      planned.clusters = outcome.clusters;
    }
    plays.push(planned);
  }
  return { document: buildPlanDocument(plays), states, locked, hosts: hostsOf, notes };
}
