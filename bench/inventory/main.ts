// bench/inventory: quorum's `inventory --list` against `ansible-inventory --list` on the same generated
// inventory (5,000 hosts, 200 groups, group_vars and host_vars), whole process each, run alternately for
// several rounds; prints the medians and their ratio. Target: quorum at least 5x faster.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { repoRoot } from '../../engine/paths.js';
import { createAnsibleSandbox, inventoryArgs, type AnsibleSandbox } from '../../test/support/ansible.js';
import { generateInventory, type InventoryShape } from './generate.js';
import { median, timeProcess, type TimedRun } from './measure.js';

const targetRatio = 5;

interface Contender {
  readonly label: string;
  run(): Promise<TimedRun>;
}

function readOptions(): { rounds: number; shape: InventoryShape; keep: boolean } {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '5' },
      hosts: { type: 'string', default: '5000' },
      groups: { type: 'string', default: '200' },
      keep: { type: 'boolean', default: false },
    },
  });
  const positive = (name: string, text: string | undefined): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`bench/inventory: --${name} must be a positive integer, got "${text}"`);
    return value;
  };
  const groups = positive('groups', values.groups);
  if (groups < 20) throw new Error(`bench/inventory: --groups must be at least 20 (10 of them are parents), got ${groups}`);
  return {
    rounds: positive('rounds', values.rounds),
    keep: values.keep ?? false,
    shape: {
      hosts: positive('hosts', values.hosts),
      groups,
      parentGroups: 10,
      hostVarsEvery: 5,
      secondGroupEvery: 10,
    },
  };
}

function contenders(sources: readonly string[], cwd: string, sandbox: AnsibleSandbox): [Contender, Contender] {
  const quorumEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], LANG: 'C.UTF-8', NO_COLOR: '1' };
  const quorumArgs = [join(repoRoot, 'bin', 'quorum.js'), 'inventory', ...inventoryArgs(sources), '--list'];
  return [
    { label: 'quorum inventory', run: () => timeProcess(process.execPath, quorumArgs, { cwd, env: quorumEnv }) },
    {
      label: 'ansible-inventory',
      run: () => timeProcess('ansible-inventory', [...inventoryArgs(sources), '--list'], { cwd, env: sandbox.env }),
    },
  ];
}

function checked(contender: Contender, run: TimedRun): TimedRun {
  if (run.exitCode !== 0) {
    throw new Error(`bench/inventory: ${contender.label} --list exited ${run.exitCode}:\n${run.stderr.slice(0, 2000)}`);
  }
  return run;
}

const formatMs = (ms: number): string => `${ms.toFixed(0)} ms`;

async function main(): Promise<number> {
  const { rounds, shape, keep } = readOptions();
  const workDir = await mkdtemp(join(tmpdir(), 'quorum-bench-inventory-'));
  const sandbox = await createAnsibleSandbox();
  // An interrupted run (Ctrl-C, or a CI timeout) must not leave 1,200 files in the temp dir.
  const removeOnSignal = (signal: NodeJS.Signals): void => {
    rmSync(workDir, { recursive: true, force: true });
    rmSync(sandbox.home, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once('SIGINT', removeOnSignal);
  process.once('SIGTERM', removeOnSignal);
  try {
    const inventory = await generateInventory(workDir, shape);
    console.log(
      `bench/inventory: ${inventory.hostCount} hosts, ${inventory.groupCount} groups, ${inventory.fileCount} files in ${workDir}`,
    );
    const [quorum, ansible] = contenders(inventory.sources, workDir, sandbox);

    // A first run of each warms the page cache and checks that both print the same inventory: a fast wrong
    // answer is not worth timing.
    const quorumOutput: unknown = JSON.parse(checked(quorum, await quorum.run()).stdout);
    const ansibleOutput: unknown = JSON.parse(checked(ansible, await ansible.run()).stdout);
    const agree = isDeepStrictEqual(quorumOutput, ansibleOutput);
    console.log(`outputs agree: ${agree ? 'yes' : 'NO (quorum --list differs from ansible-inventory --list)'}`);

    const wall = new Map<Contender, number[]>([
      [quorum, []],
      [ansible, []],
    ]);
    const cpu = new Map<Contender, number[]>([
      [quorum, []],
      [ansible, []],
    ]);
    for (let round = 1; round <= rounds; round++) {
      // Alternate who goes first, so that neither always runs on a machine the other just warmed or loaded.
      const order = round % 2 === 1 ? [quorum, ansible] : [ansible, quorum];
      const runs = new Map<Contender, TimedRun>();
      for (const contender of order) {
        const run = checked(contender, await contender.run());
        runs.set(contender, run);
        wall.get(contender)?.push(run.milliseconds);
        cpu.get(contender)?.push(run.cpuMilliseconds);
      }
      const describe = (contender: Contender): string => {
        const run = runs.get(contender);
        return `${formatMs(run?.milliseconds ?? 0)} (CPU ${formatMs(run?.cpuMilliseconds ?? 0)})`;
      };
      console.log(`round ${round}/${rounds}: quorum ${describe(quorum)}, ansible-inventory ${describe(ansible)}`);
    }
    const wallQuorum = median(wall.get(quorum) ?? []);
    const wallAnsible = median(wall.get(ansible) ?? []);
    const cpuQuorum = median(cpu.get(quorum) ?? []);
    const cpuAnsible = median(cpu.get(ansible) ?? []);
    console.log(
      `median of ${rounds}: quorum ${formatMs(wallQuorum)} (CPU ${formatMs(cpuQuorum)}), ` +
        `ansible-inventory ${formatMs(wallAnsible)} (CPU ${formatMs(cpuAnsible)})`,
    );
    const ratio = wallAnsible / wallQuorum;
    console.log(
      `ratio: quorum inventory --list is ${ratio.toFixed(1)}x faster than ansible-inventory --list ` +
        `(target: at least ${targetRatio}x) -> ${ratio >= targetRatio ? 'met' : 'NOT met'}`,
    );
    console.log(`CPU ratio: quorum uses ${(cpuAnsible / cpuQuorum).toFixed(1)}x less CPU time than ansible-inventory`);
    return agree ? 0 : 1;
  } finally {
    await sandbox.dispose();
    if (keep) console.log(`kept ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
