import { randomBytes } from 'node:crypto';
import type { ClientChannel } from 'ssh2';
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { encodeRequest, readyLine, rootShellScript, RootShellReader, type RootShellReply } from './root-shell-protocol.js';
import { shellQuote } from './shell-quote.js';

// A shell that sudo started once, kept open on its own session channel, that runs one command at a time for
// the rest of the connection (the protocol is in root-shell-protocol.ts). It serves only what behaves exactly
// as a separate `sudo -n` exec would: root without a password, no time limit, stdin held in memory; the
// connection sends everything else, and any command that arrives while this one is busy, the usual way.

/** Starts the shell: `sudo -n` to root, once. */
export function rootShellCommand(nonce: string): string {
  return `exec sudo -H -n -u root -- /bin/sh -c ${shellQuote(rootShellScript(nonce))}`;
}

/** How long a closed channel waits before it fails its command itself: a connection drop, reported by the
 * connection, says more than "the shell ended" and must be the error the caller sees. */
const dropReportGraceMs = 100;

const stderrKeptBytes = 4096;

export class RootShellEndedError extends QuorumError {
  constructor(host: string, why: string) {
    super(
      'QUORUM_ROOT_SHELL_ENDED',
      `${host}: the root shell that ran the command ended while it ran (${why}); its outcome on the host is unknown`,
      ExitCode.hostFailed,
      'a command that kills its parent shell or its process group ends the shell: the next command starts a new one',
    );
    this.name = 'RootShellEndedError';
  }
}

interface Waiting {
  resolve(reply: RootShellReply): void;
  reject(error: Error): void;
}

export class RootShell {
  private waiting: Waiting | undefined;
  private endedBecause: string | undefined;
  private readonly stderr: Buffer[] = [];

  private constructor(
    private readonly host: string,
    private readonly channel: ClientChannel,
    private readonly reader: RootShellReader,
  ) {}

  /**
   * Starts the shell on a fresh channel; resolves to undefined when it cannot start (sudo wants a password,
   * no mktemp): the caller then runs commands the usual way, which reports why in its own words.
   */
  static start(host: string, channel: ClientChannel, nonce: string): Promise<RootShell | undefined> {
    const reader = new RootShellReader(readyLine(nonce));
    const shell = new RootShell(host, channel, reader);
    return new Promise((resolve) => {
      let settled = false;
      channel.on('data', (chunk: Buffer) => {
        const wasStarted = reader.started;
        shell.take(chunk);
        if (!wasStarted && reader.started && !settled) {
          settled = true;
          resolve(shell);
        }
      });
      channel.stderr.on('data', (chunk: Buffer) => shell.keepStderr(chunk));
      channel.on('close', () => {
        shell.markEnded(`it exited${shell.stderrText() ? `: ${shell.stderrText()}` : ''}`);
        if (!settled) {
          settled = true;
          resolve(undefined);
        }
      });
    });
  }

  static newNonce(): string {
    return randomBytes(8).toString('hex');
  }

  /** The shell exited (or its stream fell out of step): a new one must be started. */
  get ended(): boolean {
    return this.endedBecause !== undefined;
  }

  /** True while a command runs, or once the shell has ended: the connection then uses a separate exec. */
  get busy(): boolean {
    return this.waiting !== undefined || this.endedBecause !== undefined;
  }

  /** Runs one shell line (cwd and env already written into it) with its stdin. */
  run(line: string, stdin: Buffer | string = ''): Promise<RootShellReply> {
    if (this.busy) return Promise.reject(new Error('RootShell.run: the shell is busy or has ended (check busy first)'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.channel.write(encodeRequest(line, stdin));
    });
  }

  /** Ends the shell: its stdin closes, it leaves its loop and removes its private directory. */
  close(): void {
    if (this.endedBecause === undefined) this.channel.end();
  }

  private take(chunk: Buffer): void {
    let replies: RootShellReply[];
    try {
      replies = this.reader.push(chunk);
    } catch (error) {
      this.markEnded((error as Error).message);
      this.channel.close();
      return;
    }
    for (const reply of replies) {
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.resolve(reply);
    }
  }

  /** The shell's own stderr (sudo's refusal, "Terminated" lines): the last few KB, to say why it ended. */
  private keepStderr(chunk: Buffer): void {
    this.stderr.push(chunk);
    while (this.stderr.length > 1 && this.stderr.reduce((size, part) => size + part.length, 0) > stderrKeptBytes) this.stderr.shift();
  }

  private stderrText(): string {
    return Buffer.concat(this.stderr).toString('utf8').trim();
  }

  private markEnded(why: string): void {
    if (this.endedBecause !== undefined) return;
    this.endedBecause = why;
    const waiting = this.waiting;
    this.waiting = undefined;
    // Not unref'd: the command waiting on this shell must get its answer, even when nothing else is left running.
    if (waiting) setTimeout(() => waiting.reject(new RootShellEndedError(this.host, why)), dropReportGraceMs);
  }
}
