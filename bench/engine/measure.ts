// Whole-process measurement, spawn to exit: wall time, CPU time (user + system) and peak resident memory, read
// by GNU time (/usr/bin/time), which waits for the child with wait4 and so gets its rusage and its waited-for
// descendants'. The peak memory is the largest single process of the tree (rusage's ru_maxrss), not a sum.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MeasuredRun {
  readonly milliseconds: number;
  readonly cpuMilliseconds: number;
  readonly maxRssKilobytes: number;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessSpec {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const gnuTime = '/usr/bin/time';
// Elapsed, user and system seconds, and max RSS in KB, on one line of their own file (not mixed into stderr).
const timeFormat = '%e %U %S %M';

export function parseTimeReport(text: string): { cpuMilliseconds: number; maxRssKilobytes: number } {
  const fields = text.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
  const [, user, system, maxRss] = fields;
  if (fields.length !== 4 || user === undefined || system === undefined || maxRss === undefined || fields.some(Number.isNaN)) {
    throw new Error(`bench/engine: cannot read GNU time's report "${text.trim()}"`);
  }
  return { cpuMilliseconds: Math.round((user + system) * 1000), maxRssKilobytes: maxRss };
}

export async function measureProcess(spec: ProcessSpec): Promise<MeasuredRun> {
  const reportDir = await mkdtemp(join(tmpdir(), 'quorum-bench-engine-time-'));
  const reportFile = join(reportDir, 'time.txt');
  try {
    const { milliseconds, exitCode, stdout, stderr } = await new Promise<{
      milliseconds: number;
      exitCode: number;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(gnuTime, ['-f', timeFormat, '-o', reportFile, spec.command, ...spec.args], {
        cwd: spec.cwd,
        env: spec.env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      child.on('error', reject);
      child.on('close', (code) =>
        resolve({
          milliseconds: Number(process.hrtime.bigint() - started) / 1e6,
          exitCode: code ?? -1,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        }),
      );
    });
    const report = parseTimeReport(await readFile(reportFile, 'utf8'));
    return { milliseconds, exitCode, stdout, stderr, ...report };
  } finally {
    await rm(reportDir, { recursive: true, force: true });
  }
}
