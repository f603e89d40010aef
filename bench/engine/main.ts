// bench/engine: the ten-task playbook on lab hosts, as whole processes, run in turn by quorum run,
// ansible-playbook (pipelining and ControlPersist on) and a floor script (the same commands over persistent
// ssh2 connections, nothing else). Prints every round, the medians, and the ratios against the targets:
// quorum at least 10x faster than ansible-playbook, at most 3x the floor, peak memory under 200 MB.
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { labDown, labUp, type Lab } from '../../engine/lab/index.js';
import { contenders, createAnsibleHome, type AnsibleHome, type Contender, type ContenderName } from './contenders.js';
import { benchFingerprint, clearBenchState, firstDifference } from './host-state.js';
import { measureProcess, type MeasuredRun } from './measure.js';
import { readOptions, type BenchOptions } from './options.js';
import { describeRun, floorLines, formatMs, mediansOf, memoryLine, speedupLines } from './report.js';

const targets = { fasterThanAnsible: 10, timesFloor: 3, peakMemoryMb: 200 };

class BenchFailure extends Error {}

const loadLine = (): string => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

/** The lines that say what failed (a recap's tail alone does not), then the end of stderr. */
function failureExcerpt(run: MeasuredRun): string {
  const failures = run.stdout.split('\n').filter((line) => /fatal|FAILED|UNREACHABLE|^ERROR/.test(line));
  const shown = failures.slice(0, 20).join('\n');
  const more = failures.length > 20 ? `\n... and ${failures.length - 20} more such lines` : '';
  const stderr = run.stderr.trim().slice(-2000);
  return [failures.length > 0 ? `${shown}${more}` : run.stdout.trim().slice(-2000), stderr].filter((part) => part !== '').join('\n');
}

async function runChecked(lab: Lab, contender: Contender): Promise<MeasuredRun> {
  await clearBenchState(lab);
  const run = await measureProcess(contender.spec);
  if (run.exitCode !== 0) {
    throw new BenchFailure(`bench/engine: ${contender.name} exited ${run.exitCode}:\n${failureExcerpt(run)}`);
  }
  return run;
}

/** One untimed run each, to warm caches and to check that all three leave the same state on every host. */
async function warmUpAndCompare(lab: Lab, all: readonly Contender[]): Promise<void> {
  let reference: { name: ContenderName; state: Map<string, string> } | undefined;
  for (const contender of all) {
    const run = await runChecked(lab, contender);
    const state = await benchFingerprint(lab);
    console.log(`warm-up: ${describeRun(contender.name, run)}`);
    if (reference === undefined) {
      reference = { name: contender.name, state };
      continue;
    }
    const difference = firstDifference(reference.state, state);
    if (difference) {
      throw new BenchFailure(
        `bench/engine: ${contender.name} leaves another state than ${reference.name} on ${difference.host}:\n` +
          `--- ${reference.name}\n${difference.expected}--- ${contender.name}\n${difference.actual}`,
      );
    }
  }
  console.log(`states agree: all three leave the same files, modes, owners, contents and link on every host`);
}

async function timedRounds(lab: Lab, all: readonly Contender[], rounds: number): Promise<Map<ContenderName, MeasuredRun[]>> {
  const runs = new Map<ContenderName, MeasuredRun[]>(all.map((c) => [c.name, []]));
  for (let round = 1; round <= rounds; round++) {
    // Rotate who goes first, so that none always runs right after the same other one.
    const shift = (round - 1) % all.length;
    const order = [...all.slice(shift), ...all.slice(0, shift)];
    const described: string[] = [];
    for (const contender of order) {
      const run = await runChecked(lab, contender);
      runs.get(contender.name)?.push(run);
      described.push(describeRun(contender.name, run));
    }
    console.log(`round ${round}/${rounds}: ${described.join(', ')}; ${loadLine()}`);
  }
  return runs;
}

function printVerdicts(runs: Map<ContenderName, MeasuredRun[]>, rounds: number): void {
  const quorum = mediansOf(runs.get('quorum') ?? []);
  const ansible = mediansOf(runs.get('ansible-playbook') ?? []);
  const floor = mediansOf(runs.get('floor') ?? []);
  const medianLine = (name: string, m: typeof quorum): string => `${name} ${formatMs(m.milliseconds)} (CPU ${formatMs(m.cpuMilliseconds)})`;
  console.log(
    `median of ${rounds}: ${medianLine('quorum', quorum)}, ${medianLine('ansible-playbook', ansible)}, ${medianLine('floor', floor)}`,
  );
  for (const line of speedupLines(quorum, ansible, targets.fasterThanAnsible)) console.log(line);
  for (const line of floorLines(quorum, floor, targets.timesFloor)) console.log(line);
  console.log(memoryLine(quorum, ansible, floor, targets.peakMemoryMb));
}

async function bench(options: BenchOptions, dir: string, ansibleHome: AnsibleHome): Promise<void> {
  await labDown(dir); // a lab left by a run that was killed before its cleanup
  const upStarted = process.hrtime.bigint();
  const lab = await labUp({ dir, hosts: options.hosts, addressBlock: options.block, etcdArchive: false });
  const upMs = Number(process.hrtime.bigint() - upStarted) / 1e6;
  console.log(
    `bench/engine: ${lab.hosts.length} lab hosts on ${options.block} (up in ${formatMs(upMs)}), 10 tasks, ` +
      `--forks ${options.forks} for both tools, gather_facts off for both; ${loadLine()}`,
  );
  const all = contenders(lab, options.forks, ansibleHome.env);
  await warmUpAndCompare(lab, all);
  const runs = await timedRounds(lab, all, options.rounds);
  printVerdicts(runs, options.rounds);
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  const dir = join(tmpdir(), `quorum-bench-engine-${options.block}`);
  const ansibleHome = await createAnsibleHome();
  const cleanUp = async (): Promise<void> => {
    await ansibleHome.dispose();
    if (options.keep) console.log(`kept the lab in ${dir} (take it down with: quorum lab down --dir ${dir})`);
    else await labDown(dir);
  };
  const onInterrupt = (): void => {
    console.error('bench/engine: interrupted; taking the lab down');
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  try {
    await bench(options, dir, ansibleHome);
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    await cleanUp();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Failures of the benchmark, of its options and of the lab all say what went wrong in their message.
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
