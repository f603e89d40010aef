import { EventBus, type RunEvent } from '../events.js';
import type { ClusterState } from '../plan/cluster-state.js';
import type { ClusterPlan, ClusterRefusal } from '../plan/cluster-plan.js';
import { buildPlanDocument, type PlanDocument, type PlannedChange, type PlayPlanInput } from '../plan/plan-document.js';
import { planRollingPlay } from '../plan/plan-play.js';
import { assignStatesToClusters, parseClusterStateArg } from '../plan/state-assignment.js';
import { loadClusterStateFile } from '../plan/state-file-read.js';
import { hostsByCluster } from '../plan/fleet.js';
import type { TemplateEngine } from '../template/engine.js';
import { planningRunContext } from './planning-context.js';
import type { RunInputs } from './prepare-run.js';
import { clusterSession, membersOf, rollingTargets } from './rolling-play.js';
import type { ConnectionProvider, ModuleLookup, RunOptions } from './run-options.js';
import { playHosts } from './run-play.js';
import { runPlaybook } from './run-playbook.js';
import { rolesInOrder } from './run-context.js';

// `quorum plan`: for each play, its hosts; for each rolling play, each cluster's numbers and batches, from the
// live cluster or from captured states (offline, without connecting); and, when live, the changes each task
// would make on each host, from a run in check mode.

type PrepareResult = Pick<RunInputs, 'playbook' | 'inventory'>;

export interface PlanResult {
  document: PlanDocument;
  refusals: ClusterRefusal[];
  /** Each cluster's state the plan was computed from, for the saved plan's fingerprints. */
  states: Map<string, ClusterState>;
  /** Problems with --cluster-state files: a file that fits no cluster, or two for one cluster. */
  stateProblems: string[];
}

export async function planPlaybook(input: {
  prepared: PrepareResult;
  options: RunOptions;
  modules: ModuleLookup;
  connections: ConnectionProvider;
  engine: TemplateEngine;
  /** `--cluster-state` arguments: plan offline from these files, connecting to nothing. */
  clusterStates: readonly string[];
}): Promise<PlanResult> {
  const { playbook, inventory } = input.prepared;
  const offline = input.clusterStates.length > 0;
  const run = planningRunContext({ playbook, inventory, options: input.options, modules: input.modules, connections: input.connections, engine: input.engine });
  const loaded = offline
    ? await Promise.all(
        input.clusterStates.map(async (arg) => {
          const { cluster, file } = parseClusterStateArg(arg);
          return { ...(cluster ? { cluster } : {}), state: await loadClusterStateFile(file) };
        }),
      )
    : [];
  const states = new Map<string, ClusterState>();
  const refusals: ClusterRefusal[] = [];
  const stateProblems: string[] = [];
  const plays: (PlayPlanInput & { changes: PlannedChange[] })[] = [];
  for (const play of playbook.plays) {
    const hosts = playHosts(run, play);
    const clusters: ClusterPlan[] = [];
    if (play.rolling && hosts.length > 0) {
      const roles = rolesInOrder(play, playbook.roles);
      const targets = rollingTargets(run, play, hosts, roles);
      let playStates: Map<string, ClusterState>;
      if (offline) {
        const assigned = assignStatesToClusters(loaded, targets.planHosts);
        stateProblems.push(...assigned.problems);
        playStates = assigned.states;
      } else {
        playStates = new Map();
        for (const [cluster, clusterHosts] of hostsByCluster(targets.planHosts)) {
          // Read through every member host of the cluster, not only the play's (a play may cover a few).
          const members = membersOf(targets.memberHosts, cluster);
          const session = await clusterSession(run, cluster, members.length > 0 ? members : clusterHosts, targets.varsOf);
          try {
            playStates.set(cluster, await session.state());
          } finally {
            await session.close();
          }
        }
      }
      for (const [name, state] of playStates) states.set(name, state);
      const planned = planRollingPlay({ hosts: targets.planHosts, states: playStates, limits: targets.limits, members: play.rolling.members });
      clusters.push(...planned.clusters);
      refusals.push(...planned.refusals);
    }
    plays.push({ name: play.name ?? play.hosts, hosts, clusters, changes: [] });
  }
  if (!offline && refusals.length === 0) {
    const changes = await checkModeChanges(input, playbook, inventory);
    for (const play of plays) play.changes.push(...(changes.get(play.name) ?? []));
  }
  return { document: buildPlanDocument(plays), refusals, states, stateProblems };
}

/** Runs the playbook in check mode and keeps, per play, what each task would change on each host. */
async function checkModeChanges(
  input: Parameters<typeof planPlaybook>[0],
  playbook: PrepareResult['playbook'],
  inventory: PrepareResult['inventory'],
): Promise<Map<string, PlannedChange[]>> {
  const bus = new EventBus();
  const changes = new Map<string, PlannedChange[]>();
  let play = '';
  let module = '';
  bus.subscribe((e: RunEvent) => {
    if (e.type === 'play_start') play = e.play;
    if (e.type === 'task_start') module = e.module ?? '';
    if (e.type === 'host_result' && e.status === 'changed' && !e.loopSummary) {
      const list = changes.get(play) ?? [];
      const file = e.diff?.[0]?.beforeHeader ?? e.diff?.[0]?.afterHeader;
      const item = e.item === undefined || e.noLog ? '' : ` (item ${typeof e.item === 'string' ? e.item : JSON.stringify(e.item)})`;
      // The module's own words say what a change is when there is no file to name (certificates to issue, a join).
      // A no_log task's words stay out of the plan (and so out of a saved plan file), as they stay out of every view.
      const said = e.noLog ? ' (details hidden: no_log)' : file === undefined && typeof e.msg === 'string' && e.msg !== '' ? `: ${e.msg.split('\n')[0]}` : '';
      const where = e.delegatedTo !== undefined ? ` (on ${e.delegatedTo})` : '';
      list.push({ host: e.host, task: e.task, module, summary: `${file ? `would change ${file}` : 'would change'}${item}${where}${said}` });
      changes.set(play, list);
    }
  });
  await runPlaybook({
    playbook,
    inventory,
    options: { ...input.options, check: true, diff: true },
    modules: input.modules,
    connections: input.connections,
    engine: input.engine,
    bus,
  });
  return changes;
}
