import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { RunEvent } from '../../engine/events.js';
import { repoRoot } from '../../engine/paths.js';

// The built CLI as a process the test can watch while it runs: its --json events as they come, a wait for the
// event a fault is injected at, and how long the process took to end (a command must end on its own: the
// tests of the bad day fail when it does not).

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** From the start to the process's exit. */
  elapsedMs: number;
}

export class QuorumProcess {
  readonly child: ChildProcess;
  readonly events: RunEvent[] = [];
  private stdoutText = '';
  private stderrText = '';
  private readonly startedAt = Date.now();
  private readonly waiters: { match: (e: RunEvent) => boolean; resolve: (e: RunEvent) => void }[] = [];
  readonly ended: Promise<Ended>;

  constructor(args: readonly string[], env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), ...args], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdoutText += chunk;
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          this.onEvent(JSON.parse(line) as RunEvent);
        } catch {
          // Not an event line (a view's output that happens to start with a brace): kept in stdout only.
        }
      }
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderrText += chunk));
    this.ended = new Promise((resolve) =>
      this.child.once('close', (code, signal) =>
        resolve({ code, signal, stdout: this.stdoutText, stderr: this.stderrText, elapsedMs: Date.now() - this.startedAt }),
      ),
    );
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The first event (already seen or to come) that matches; rejects after `timeoutMs` or if the process ends first. */
  waitFor(match: (e: RunEvent) => boolean, timeoutMs = 120_000): Promise<RunEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms; stderr: ${this.stderrText.slice(-2000)}`)), timeoutMs);
      const waiter = { match, resolve: (e: RunEvent) => (clearTimeout(timer), resolve(e)) };
      this.waiters.push(waiter);
      void this.ended.then((end) => {
        clearTimeout(timer);
        reject(new Error(`the process ended (${end.code ?? end.signal}) before the event came; stderr: ${end.stderr.slice(-2000)}`));
      });
    });
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  private onEvent(event: RunEvent): void {
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }
}

/** Runs the CLI to its end and says how long it took: for the checks that every command ends on its own. */
export async function runToEnd(args: readonly string[], env: Record<string, string> = {}, killAfterMs = 60_000): Promise<Ended> {
  const p = new QuorumProcess(args, env);
  const guard = setTimeout(() => p.kill('SIGKILL'), killAfterMs);
  try {
    return await p.ended;
  } finally {
    clearTimeout(guard);
  }
}

/** What no command may print outside -vvv: gRPC's own words, and the notice that handles were left open. */
export const RAW_OR_LEAKED = /UNAVAILABLE|DEADLINE_EXCEEDED|Resolution note|No connection established|handle\(s\) were still open|stopped before it finished/;
