// bench/plan: the pure planner on a fleet of 300 clusters x 5 members (1,500 hosts), states read from files.
// Prints "figure, target, ratio" lines. The whole `quorum plan --cluster-state ... --json` process (target
// 1 s) is measured too, as wall time (the verdict: what the SRE waits for) and as the CPU time it used.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '../../engine/paths.js';
import {
  assignStatesToClusters,
  buildPlanDocument,
  loadClusterStateFile,
  planRollingPlay,
  toPlanHosts,
  type ClusterState,
  type FleetHost,
  type PlanDocument,
} from '../../engine/plan/index.js';
import { writeFleet } from './generate.js';

interface Options {
  clusters: number;
  members: number;
  rounds: number;
  keep: boolean;
}

function readOptions(argv: readonly string[]): Options {
  const options: Options = { clusters: 300, members: 5, rounds: 30, keep: false };
  const counts = { '--clusters': 'clusters', '--members': 'members', '--rounds': 'rounds' } as const;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i] ?? '';
    if (flag === '--keep') {
      options.keep = true;
      continue;
    }
    const key = (counts as { [flag: string]: 'clusters' | 'members' | 'rounds' | undefined })[flag];
    const value = Number(argv[i + 1]);
    if (key === undefined || !Number.isInteger(value) || value < 1) {
      throw new Error(`bench/plan: unknown or bad option ${flag} (use --clusters N, --members N, --rounds N, --keep)`);
    }
    options[key] = value;
    i += 1;
  }
  return options;
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function report(figure: string, milliseconds: number, targetMs: number): boolean {
  const ratio = milliseconds / targetMs;
  const verdict = ratio <= 1 ? `${(1 / ratio).toFixed(1)}x under target` : `${ratio.toFixed(1)}x OVER target`;
  console.log(`${figure}: ${milliseconds.toFixed(2)} ms, target ${targetMs} ms, ratio ${ratio.toFixed(3)} (${verdict})`);
  return ratio <= 1;
}

/** The pure part a `quorum plan` run does once everything is read: hosts to clusters, states to clusters, batches. */
function planFleet(hosts: readonly FleetHost[], loaded: readonly ClusterState[]): PlanDocument {
  const planHosts = toPlanHosts(hosts, { group: 'etcd' });
  const assignment = assignStatesToClusters(loaded.map((state) => ({ state })), planHosts);
  if (assignment.problems.length > 0) throw new Error(`bench/plan: ${assignment.problems[0]}`);
  const planned = planRollingPlay({ hosts: planHosts, states: assignment.states, limits: {} });
  if (planned.refusals.length > 0) throw new Error(`bench/plan: refused ${planned.refusals[0]?.cluster}: ${planned.refusals[0]?.reason}`);
  return buildPlanDocument([{ name: 'rolling restart', hosts: planHosts.map((h) => h.name), clusters: planned.clusters, changes: [] }]);
}

/**
 * A fast wrong answer is worth nothing: with every member healthy and in the play, each cluster's members go
 * `tolerance` at a time, followers first, so there are ceil(members / tolerance) batches and the last one
 * moves leadership away; no batch leaves fewer than quorum voters up.
 */
function checkPlan(plan: PlanDocument, options: Options): void {
  const clusters = plan.plays[0]?.clusters ?? [];
  const tolerance = Math.floor((options.members - 1) / 2);
  const expectedBatches = Math.ceil(options.members / tolerance);
  const wrong = clusters.filter(
    (cluster) =>
      cluster.batches.length !== expectedBatches ||
      cluster.batches.some((batch) => batch.voters_up < cluster.quorum) ||
      cluster.batches[cluster.batches.length - 1]?.move_leader === undefined,
  );
  if (clusters.length !== options.clusters || wrong.length > 0) {
    throw new Error(`bench/plan: the plan is wrong for ${wrong.length || 'some'} of ${options.clusters} clusters`);
  }
}

async function measureCli(dir: string, fleet: Awaited<ReturnType<typeof writeFleet>>, rounds: number): Promise<boolean> {
  const built = join(repoRoot, 'dist', 'engine', 'cli', 'plan.js');
  if (!existsSync(built)) {
    console.log('quorum plan --cluster-state ... --json (whole process): not measured: the plan command is not built yet (dist/engine/cli/plan.js)');
    return true;
  }
  const args = [
    join(repoRoot, 'bin', 'quorum.js'),
    'plan',
    fleet.playbookFile,
    '-i',
    fleet.inventoryFile,
    ...fleet.stateFiles.flatMap((file) => ['--cluster-state', file]),
    '--json',
  ];
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let round = 0; round < Math.min(rounds, 7); round += 1) {
    const started = performance.now();
    const cpuBefore = childrenCpuMs();
    const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - started);
    const cpuAfter = childrenCpuMs();
    if (cpuBefore !== undefined && cpuAfter !== undefined) cpuTimes.push(cpuAfter - cpuBefore);
    if (run.status !== 0) {
      console.log(`quorum plan --json (whole process): failed with exit ${run.status}: ${(run.stderr || run.stdout).split('\n')[0]}`);
      return false;
    }
  }
  const what = `quorum plan --cluster-state x${fleet.stateFiles.length} --json (whole process, median of ${times.length})`;
  const ok = report(`${what}, wall time`, median(times), 1000);
  // For information: the process's CPU time (user + system, from the kernel's account of waited-for children)
  // counts V8's helper threads too (concurrent compilation and garbage collection on the other core), so it runs
  // above the wall time on an idle machine; on a loaded one the wall time also counts other processes' turns,
  // which the printed load average tells.
  if (cpuTimes.length === times.length) {
    const cpu = median(cpuTimes);
    console.log(`${what}, CPU time (all threads, for information): ${cpu.toFixed(2)} ms, ${(cpu / 1000).toFixed(3)} of the 1 s target`);
  }
  return ok;
}

/** CPU time (ms) of this process's children that have been waited for, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // cutime and cstime are fields 16 and 17 of stat(5), i.e. 13 and 14 after the name and state.
    const ticks = Number(fields[13]) + Number(fields[14]);
    const hertz = 100;
    return Number.isFinite(ticks) ? (ticks * 1000) / hertz : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dir = await mkdtemp(join(tmpdir(), 'quorum-bench-plan-'));
  let ok = true;
  try {
    const fleet = await writeFleet(dir, options.clusters, options.members);
    const hostCount = options.clusters * options.members;
    console.log(`fleet: ${options.clusters} clusters x ${options.members} members = ${hostCount} hosts, states in ${dir}`);

    const readStarted = performance.now();
    const readCpu = process.cpuUsage();
    const loaded = await Promise.all(fleet.stateFiles.map((file) => loadClusterStateFile(file)));
    const readMs = performance.now() - readStarted;
    const readCpuMs = cpuMs(process.cpuUsage(readCpu));

    // The first run is what one `quorum plan` pays (cold JIT); the median of the following rounds is the
    // steady cost. Both are printed. On a shared machine wall time counts other processes' turns on the CPU,
    // so the CPU time this process spent is printed too, with the load average, and it is the verdict.
    const firstStarted = performance.now();
    const firstCpu = process.cpuUsage();
    const firstPlan = planFleet(fleet.hosts, loaded);
    const firstMs = performance.now() - firstStarted;
    const firstCpuMs = cpuMs(process.cpuUsage(firstCpu));
    checkPlan(firstPlan, options);
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      const started = performance.now();
      const cpuStarted = process.cpuUsage();
      planFleet(fleet.hosts, loaded);
      cpu.push(cpuMs(process.cpuUsage(cpuStarted)));
      wall.push(performance.now() - started);
    }
    console.log(`load average (1 min): ${loadavg()[0]?.toFixed(1)} on this machine`);
    const what = `pure planner, ${hostCount} hosts in ${options.clusters} clusters`;
    ok = report(`${what}, CPU time (median of ${options.rounds})`, median(cpu), 50) && ok;
    ok = report(`${what}, first (cold) run, CPU time`, firstCpuMs, 50) && ok;
    report(`${what}, wall time (median of ${options.rounds})`, median(wall), 50);
    report(`${what}, first (cold) run, wall time`, firstMs, 50);
    report(`read and parse ${options.clusters} state files, CPU time, against the whole 1 s CLI target`, readCpuMs, 1000);
    report(`read and parse ${options.clusters} state files, wall time, against the whole 1 s CLI target`, readMs, 1000);
    ok = (await measureCli(dir, fleet, options.rounds)) && ok;
  } finally {
    if (options.keep) console.log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}

await main();
