// Whole-process timing: from spawn to exit, the way a user waits for a command, start-up included. The CPU time
// (user + system) is measured too, because on a shared, busy machine it says more than the wall clock.
import { spawn } from 'node:child_process';

export interface TimedRun {
  readonly milliseconds: number;
  /** User plus system CPU time of the process and its children. */
  readonly cpuMilliseconds: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

// bash's `times` builtin prints, on its second line, the CPU time used by the shell's finished children: the
// only portable way to get a child's rusage from Node, whose resourceUsage() covers the current process only.
const timesWrapper = '"$@"; status=$?; times >&2; exit $status';

export function timeProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<TimedRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('bash', ['-c', timesWrapper, 'bash', command, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      const { cpuMilliseconds, rest } = splitTimes(Buffer.concat(stderr).toString('utf8'));
      resolve({
        milliseconds,
        cpuMilliseconds,
        exitCode: code ?? -1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: rest,
      });
    });
  });
}

/** Takes bash's two `times` lines off the end of stderr and sums the children's user and system time. */
export function splitTimes(stderr: string): { cpuMilliseconds: number; rest: string } {
  const lines = stderr.trimEnd().split('\n');
  const childrenLine = lines.at(-1) ?? '';
  const fields = [...childrenLine.matchAll(/(\d+)m([\d.]+)s/g)];
  if (fields.length !== 2) throw new Error(`cannot read CPU times from bash's times output: "${childrenLine}"`);
  const cpuMilliseconds = fields.reduce((sum, field) => sum + (Number(field[1]) * 60 + Number(field[2])) * 1000, 0);
  return { cpuMilliseconds, rest: lines.slice(0, -2).join('\n') };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
