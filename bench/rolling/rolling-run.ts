import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RunEvent } from '../../engine/events.js';
import { repoRoot } from '../../engine/paths.js';

// `quorum run <playbook> --json` as a whole process, timed from spawn to exit, with each event's arrival time
// kept so that the report can say where the time went (each batch, each gate).

export interface TimedEvent {
  atMs: number;
  event: RunEvent;
}

export interface RollingRun {
  exitCode: number;
  wallMs: number;
  events: TimedEvent[];
  stderr: string;
}

export function runPlaybook(playbook: string, runArgs: readonly string[]): Promise<RollingRun> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), 'run', playbook, ...runArgs, '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: TimedEvent[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) events.push({ atMs: Date.now() - started, event: JSON.parse(line) as RunEvent });
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ exitCode: code ?? 1, wallMs: Date.now() - started, events, stderr }));
  });
}

export interface BatchTiming {
  hosts: string[];
  startMs: number;
  /** When each task's last host result of the batch arrived, by task name, from the run's start. */
  tasksDoneMs: { task: string; atMs: number }[];
  /** When the batch's gate passed (or failed), from the run's start. */
  gateMs: number | undefined;
}

/** Each batch's start, its tasks' ends and the gate that closed it, from a rolling run's events. */
export function batchTimings(events: readonly TimedEvent[]): BatchTiming[] {
  const batches: BatchTiming[] = [];
  for (const { atMs, event } of events) {
    const open = batches.at(-1);
    if (event.type === 'batch_start') batches.push({ hosts: [...event.hosts], startMs: atMs, tasksDoneMs: [], gateMs: undefined });
    else if (open === undefined || open.gateMs !== undefined) continue;
    else if (event.type === 'host_result') {
      const done = open.tasksDoneMs.find((t) => t.task === event.task);
      if (done) done.atMs = atMs;
      else open.tasksDoneMs.push({ task: event.task, atMs });
    } else if (event.type === 'gate' && event.status !== 'waiting') open.gateMs = atMs;
  }
  return batches;
}

/** When the first play started, from the run's start: node start-up, loading, and the first connections. */
export function firstPlayMs(events: readonly TimedEvent[]): number | undefined {
  return events.find((e) => e.event.type === 'play_start')?.atMs;
}
