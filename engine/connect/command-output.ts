import { BecomeDialogStreams } from './become-dialog.js';
import type { BecomeDialog } from './remote-command.js';
import type { Become } from './types.js';

// What both connections do with a running command's streams: collect stdout and stderr as bytes, feed stdin,
// and, when a become password is given, hold the conversation with sudo (become-dialog.ts) first.

/** The command's stdin, as the connection exposes it (an ssh2 channel or a child process's pipe). */
export interface CommandInput {
  write(data: string): void;
  end(data?: Buffer | string): void;
}

export interface CollectedOutput {
  stdout: Buffer;
  stderr: Buffer;
  /** sudo asked a second time: the password given was wrong. */
  passwordRejected: boolean;
}

export class CommandOutput {
  private readonly out: Buffer[] = [];
  private readonly err: Buffer[] = [];
  private readonly streams?: BecomeDialogStreams;

  constructor(
    private readonly input: CommandInput,
    private readonly stdin: Buffer | string | undefined,
    private readonly password: string | undefined,
    dialog: BecomeDialog | undefined,
  ) {
    if (dialog) this.streams = new BecomeDialogStreams(dialog);
  }

  /** Without a password dialog stdin goes at once; with one, only when the command under sudo has started. */
  start(): void {
    if (!this.streams) this.input.end(this.stdin ?? '');
  }

  stdout(chunk: Buffer): void {
    this.take(chunk, 'stdout');
  }

  stderr(chunk: Buffer): void {
    this.take(chunk, 'stderr');
  }

  private take(chunk: Buffer, which: 'stdout' | 'stderr'): void {
    const into = which === 'stdout' ? this.out : this.err;
    if (!this.streams) {
      into.push(chunk);
      return;
    }
    // latin1: one char per byte, so binary output passes the dialog unchanged.
    const result = this.streams[which](chunk.toString('latin1'));
    into.push(Buffer.from(result.text, 'latin1'));
    this.err.push(Buffer.from(this.streams.takeHeldStderr(), 'latin1'));
    for (const action of result.actions) {
      if (action === 'send-password') this.input.write(`${this.password}\n`);
      else if (action === 'send-stdin') this.input.end(this.stdin ?? '');
      // A second prompt: end stdin so that sudo gives up instead of reading the command's input as a password.
      else this.input.end();
    }
  }

  finish(): CollectedOutput {
    const rest = this.streams?.flush();
    if (rest) {
      this.out.push(Buffer.from(rest.stdout, 'latin1'));
      this.err.push(Buffer.from(rest.stderr, 'latin1'));
    }
    return { stdout: Buffer.concat(this.out), stderr: Buffer.concat(this.err), passwordRejected: this.streams?.passwordRejected ?? false };
  }
}

/** Why sudo did not run the command, when that is what happened; undefined when it ran. */
export function becomeFailure(become: Become | undefined, rc: number, stderr: string, passwordRejected: boolean): { message: string; hint: string } | undefined {
  if (!become) return undefined;
  const user = become.user ?? 'root';
  if (become.password === undefined && rc === 1 && /^sudo: (a password is required|a terminal is required)/m.test(stderr))
    return {
      message: `sudo asks for a password to become ${user}, and none was given`,
      hint: 'give it with --ask-become-pass or the QUORUM_BECOME_PASSWORD environment variable, or allow NOPASSWD for this user in sudoers',
    };
  if (become.password !== undefined && (passwordRejected || /^sudo: (\d+ incorrect password attempts?|no password was provided)/m.test(stderr)))
    return { message: `sudo refused the become password for ${user}`, hint: 'check the password given with --ask-become-pass or QUORUM_BECOME_PASSWORD' };
  return undefined;
}
