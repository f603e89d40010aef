import { ExitCode } from '../exit-codes.js';

// Ctrl-C (SIGINT) and SIGTERM. Outside a rollout they end the process at once, with ansible-playbook's exit code
// for an interrupted run. While a rolling play is between its first and last batch, ending at once can leave the
// members of the batch in flight stopped (killed between their stop and their start), so the first signal only
// asks every rollout to start no new batch: the batch in flight finishes, with its health gate, and the run ends
// there (`quorum apply` journals it, resumable). A second signal ends the process at once.

export interface InterruptOutput {
  /** Ends the process (process.exit in the CLI). */
  exit(code: number): void;
  /** One line for the operator (stderr in the CLI). */
  say(line: string): void;
}

export class Interrupts {
  private holds = 0;
  /** The signal that asked the rollouts to stop, once one did. */
  requested: string | undefined;
  /** Why each rollout that the request stopped did not go on (one line per cluster). */
  readonly stopped: string[] = [];

  constructor(private readonly output: InterruptOutput) {}

  /** A rollout starts: until the returned function is called, a first signal stops it between batches. */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
    };
  }

  /** SIGINT or SIGTERM arrived. */
  signal(name: string): void {
    if (this.holds === 0) return this.output.exit(ExitCode.interrupted);
    if (this.requested !== undefined) {
      this.output.say(`quorum: ${name} again: stopping at once; members of the batch in flight may be down, and each cluster's lock is left to expire with its lease`);
      return this.output.exit(ExitCode.interrupted);
    }
    this.requested = name;
    this.output.say(
      `quorum: ${name}: the batch in flight finishes with its health gate and no new batch starts; ${name} again stops at once, which can leave that batch's members down`,
    );
  }
}

/** The process's own: bin/quorum.js installs it (installSignalHandlers), every run of this process consults it. */
export const processInterrupts = new Interrupts({
  exit: (code) => process.exit(code),
  say: (line) => void process.stderr.write(`${line}\n`),
});

export function installSignalHandlers(interrupts: Interrupts = processInterrupts): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) process.on(name, () => interrupts.signal(name));
}
