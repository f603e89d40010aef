import { randomBytes } from 'node:crypto';
import { constants as osConstants } from 'node:os';
import { posix } from 'node:path';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit from 'p-limit';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { becomeFailure, CommandOutput } from './command-output.js';
import { BecomeError, ConnectionDroppedError, RemoteFileError } from './connection-errors.js';
import { shellQuote } from './shell-quote.js';
import { putScript, tempPathBeside } from './put-script.js';
import { becomeDialog, buildRemoteCommand, killGraceSeconds } from './remote-command.js';
import { RootShell, rootShellCommand } from './root-shell.js';
import type { OpenSession, SessionEnvironment } from './ssh-session.js';
import type { SshTarget } from './ssh-options.js';
import { UnreachableError, type Become, type Connection, type ExecOptions, type ExecResult, type PutOptions } from './types.js';

// One persistent SSH connection to one host, used by every task of the run (opened on first use). If it drops,
// it is re-opened once for the next call; a second drop makes the host unreachable for the rest of the run.
// A command that was running when the connection dropped fails with ConnectionDroppedError: its outcome on the
// host is unknown, so it is never silently run again.

export { BecomeError, ConnectionDroppedError, RemoteFileError } from './connection-errors.js';

/** Tries of a refused channel open before its error counts (about 5 s of backoff in all). */
const channelRetries = 9;

/** Larger stdin goes through a separate exec, streamed, rather than through the root shell's private file. */
const rootShellStdinLimit = 1024 * 1024;

/** Whether a command may run in the connection's root shell: what a separate `sudo -n` to root would do. */
function suitsRootShell(options: ExecOptions): boolean {
  const become = options.become;
  if (!become || become.password !== undefined || (become.user ?? 'root') !== 'root') return false;
  if (options.timeoutMs !== undefined) return false;
  return options.stdin === undefined || Buffer.byteLength(options.stdin) <= rootShellStdinLimit;
}

interface RawResult {
  rc: number;
  stdout: Buffer;
  stderr: Buffer;
  signal?: string;
  passwordRejected: boolean;
}

const signalNumbers: Readonly<Partial<Record<string, number>>> = osConstants.signals;

function exitStatus(code: number | null | undefined, signal: string | undefined): number {
  if (typeof code === 'number') return code;
  const number = signal ? signalNumbers[`SIG${signal}`] : undefined;
  return number !== undefined ? 128 + number : 255;
}

function describeFailure(rc: number, stderr: Buffer | string): string {
  const text = stderr.toString().trim();
  return `rc=${rc}${text ? `: ${text}` : ''}`;
}

export class SshConnection implements Connection {
  readonly host: string;
  private session?: OpenSession;
  private opening?: Promise<OpenSession>;
  private sftpSession?: Promise<SFTPWrapper>;
  private dropped?: string;
  private reopened = false;
  private closed = false;
  private unreachable?: UnreachableError;
  /** Rejecters of the operations running on the current session, called when it drops. */
  private readonly running = new Set<(err: Error) => void>();
  // sshd allows 10 session channels per connection by default (MaxSessions); one is the SFTP session and one
  // the root shell (root-shell.ts), so at most 8 commands run at once on channels of their own and the others
  // wait their turn instead of failing with "open failed".
  private readonly commandSlots = pLimit(8);
  /** The root shell of the current session (root-shell.ts); undefined until a command needs it. */
  private rootShell?: Promise<RootShell | undefined>;

  constructor(
    readonly target: SshTarget,
    private readonly environment: SessionEnvironment,
  ) {
    this.host = target.name;
  }

  /** Opens the connection now rather than on the first call (throws UnreachableError). */
  async connect(): Promise<void> {
    await this.client();
  }

  private async client(): Promise<Client> {
    if (this.unreachable) throw this.unreachable;
    if (this.closed) throw new QuorumError('QUORUM_CONNECTION_CLOSED', `${this.host}: the connection was closed`);
    if (this.session && this.dropped === undefined) return this.session.client;
    if (!this.opening) {
      if (this.session) this.reopened = true;
      // ssh2 costs ~40 ms to import: loaded on the first SSH connection, not by every run that imports the pool.
      this.opening = import('./ssh-session.js').then(({ openSshSession }) => openSshSession(this.target, this.environment)).then(
        (session) => {
          this.attach(session);
          return session;
        },
        (err: unknown) => {
          if (err instanceof UnreachableError) this.unreachable = err;
          throw err;
        },
      );
      this.opening.then(
        () => (this.opening = undefined),
        () => (this.opening = undefined),
      );
    }
    return (await this.opening).client;
  }

  private attach(session: OpenSession): void {
    this.session = session;
    this.dropped = undefined;
    this.sftpSession = undefined;
    // The root shell of a dropped session has ended with its channel: liveRootShell starts another.
    let lastError = 'the server closed it';
    session.client.on('error', (err: Error) => (lastError = err.message));
    session.client.once('close', () => {
      if (this.closed || this.session !== session) return;
      for (const client of session.chain) client.end();
      this.dropped = lastError;
      if (this.reopened)
        this.unreachable = new UnreachableError(this.host, `the SSH connection dropped a second time (${lastError}) after it had been re-opened once`);
      const failure = this.unreachable ?? new ConnectionDroppedError(this.host, lastError);
      for (const reject of this.running) reject(failure);
      this.running.clear();
    });
  }

  /**
   * Opens a channel. A connection found dead at that moment (before any command started) is re-opened once.
   * A refused session channel is retried with backoff: sshd frees a finished session only after it has reaped
   * the command, a moment after the client saw the channel close, so under MaxSessions a new open can race it.
   */
  private async channel<T>(open: (client: Client, done: (err: Error | undefined, channel: T) => void) => void, retryRefused = true): Promise<T> {
    let reopened = false;
    for (let refused = 0; ; ) {
      const client = await this.client();
      try {
        return await new Promise<T>((resolve, reject) => open(client, (err, channel) => (err ? reject(err) : resolve(channel))));
      } catch (err) {
        const message = (err as Error).message;
        if (retryRefused && /channel open failure/i.test(message) && refused < channelRetries) {
          await sleep(Math.min(20 * 2 ** refused++, 1000));
          continue;
        }
        const dead = /not connected|no response|closed|ECONNRESET/i.test(message);
        if (!dead || reopened || this.session?.client !== client) throw err;
        reopened = true;
        this.dropped = message;
        client.end();
      }
    }
  }

  /** Runs work on the current session; if the session drops first, the returned promise fails with the drop. */
  private track<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.running.add(reject);
      work().then(resolve, reject).finally(() => this.running.delete(reject));
    });
  }

  /** `streamed` keeps a command off the root shell (reading a file: its output could be large). */
  private run(command: string, options: ExecOptions, streamed = false): Promise<RawResult> {
    if (!streamed && suitsRootShell(options)) return this.runAsRoot(command, options);
    return this.commandSlots(() => this.runNow(command, options));
  }

  /** In the root shell when it is free; otherwise (busy, or sudo would not start it) as a separate exec. */
  private async runAsRoot(command: string, options: ExecOptions): Promise<RawResult> {
    const shell = await this.liveRootShell();
    if (!shell || shell.busy) return this.commandSlots(() => this.runNow(command, options));
    // cwd and env are written into the line as for an exec; become is the shell itself.
    const line = buildRemoteCommand(command, { ...(options.cwd !== undefined ? { cwd: options.cwd } : {}), ...(options.env ? { env: options.env } : {}) });
    const reply = await this.track(() => shell.run(line, options.stdin ?? ''));
    return { ...reply, passwordRejected: false };
  }

  /** The session's root shell, started on first use and again after one ended; undefined if sudo refused it. */
  private liveRootShell(): Promise<RootShell | undefined> {
    const known = this.rootShell;
    if (!known) return (this.rootShell = this.startRootShell());
    return known.then((shell) => {
      if (!shell || !shell.ended) return shell;
      if (this.rootShell === known) this.rootShell = this.startRootShell();
      return this.rootShell ?? undefined;
    });
  }

  private startRootShell(): Promise<RootShell | undefined> {
    const nonce = RootShell.newNonce();
    const starting: Promise<RootShell | undefined> = this.channel<{ started: Promise<RootShell | undefined> }>((client, done) =>
      // Listened to inside the exec callback, for the reason runNow gives.
      client.exec(rootShellCommand(nonce), (err, channel) => done(err, { started: err ? Promise.resolve(undefined) : RootShell.start(this.host, channel, nonce) })),
    ).then(({ started }) => started, () => {
      // No channel now (all taken, or the connection is failing): this command goes by exec, which reports a
      // real fault in its own words, and a later one tries the shell again.
      if (this.rootShell === starting) this.rootShell = undefined;
      return undefined;
    });
    return starting;
  }

  private async runNow(command: string, options: ExecOptions): Promise<RawResult> {
    const password = options.become?.password;
    const dialog = password !== undefined ? becomeDialog(randomBytes(8).toString('hex')) : undefined;
    const line = buildRemoteCommand(command, options, dialog);
    // The exit status must be listened for inside the exec callback: for a quick command, ssh2 can parse the
    // channel's success, output, exit status and close from one TCP segment in one go, before any code after
    // an `await` runs. Output is kept by the channel's streams until read; an 'exit' event would be lost (rc 255).
    let exit: { code: number | null; signal: string | undefined } | undefined;
    const channel = await this.channel<ClientChannel>((client, done) =>
      client.exec(line, (err, opened) => {
        if (!err) opened.once('exit', (code: number | null, signal?: string) => (exit = { code, signal }));
        done(err, opened);
      }),
    );
    const started = Date.now();
    const raw = await this.track<RawResult>(
      () =>
        new Promise<RawResult>((resolve) => {
          const output = new CommandOutput(channel, options.stdin, password, dialog);
          channel.on('data', (chunk: Buffer) => output.stdout(chunk));
          channel.stderr.on('data', (chunk: Buffer) => output.stderr(chunk));
          output.start();
          // The remote `timeout` stops the command; this only guards against a host that stops answering.
          let abandoned = false;
          const guard =
            options.timeoutMs === undefined
              ? undefined
              : setTimeout(() => {
                  abandoned = true;
                  channel.close();
                }, options.timeoutMs + (killGraceSeconds + 3) * 1000);
          channel.on('close', () => {
            if (guard) clearTimeout(guard);
            const collected = output.finish();
            const signal = exit?.signal;
            const rc = exitStatus(exit?.code, signal);
            const result: RawResult = { rc, stdout: collected.stdout, stderr: collected.stderr, passwordRejected: collected.passwordRejected };
            const ranOut = options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs;
            if (abandoned || (ranOut && (rc === 124 || rc === 137))) result.signal = 'TIMEOUT';
            else if (signal) result.signal = signal;
            resolve(result);
          });
        }),
    );
    const failure = becomeFailure(options.become, raw.rc, raw.stderr.toString(), raw.passwordRejected);
    if (failure) throw new BecomeError(this.host, failure.message, failure.hint);
    return raw;
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const raw = await this.run(command, options);
    return { rc: raw.rc, stdout: raw.stdout.toString('utf8'), stderr: raw.stderr.toString('utf8'), ...(raw.signal ? { signal: raw.signal } : {}) };
  }

  private sftp(): Promise<SFTPWrapper> {
    if (!this.sftpSession) {
      const session = this.channel<SFTPWrapper>((client, done) => client.sftp(done));
      session.catch(() => (this.sftpSession = undefined));
      this.sftpSession = session;
    }
    return this.sftpSession;
  }

  async put(remotePath: string, content: Buffer | string, options: PutOptions = {}): Promise<void> {
    const token = randomBytes(6).toString('hex');
    if (options.become) {
      const raw = await this.run(putScript(remotePath, token, options), { stdin: content, become: options.become });
      if (raw.rc !== 0) throw new RemoteFileError(this.host, `cannot write ${remotePath} as ${options.become.user ?? 'root'}: ${describeFailure(raw.rc, raw.stderr)}`);
      return;
    }
    const sftp = await this.sftp();
    const temp = tempPathBeside(remotePath, token);
    const call = <T>(what: string, fn: (done: (err: Error | undefined | null, value?: T) => void) => void): Promise<T> =>
      this.track(
        () =>
          new Promise<T>((resolve, reject) =>
            fn((err, value) => (err ? reject(new RemoteFileError(this.host, `cannot ${what} ${remotePath}: ${err.message}`)) : resolve(value as T))),
          ),
      );
    const existingMode = await call<number | undefined>('stat', (done) => sftp.stat(remotePath, (err, stats) => done(undefined, err ? undefined : stats.mode & 0o7777)));
    const mode = options.mode ?? existingMode ?? 0o644;
    try {
      await call('write', (done) => sftp.writeFile(temp, content, { mode }, (err) => done(err)));
    } catch (err) {
      // A missing parent directory is created, as the local connection and the become path do.
      const mkdir = await this.run(`mkdir -p ${shellQuote(posix.dirname(remotePath))}`, {});
      if (mkdir.rc !== 0) throw err;
      await call('write', (done) => sftp.writeFile(temp, content, { mode }, (e) => done(e)));
    }
    try {
      await call('chmod', (done) => sftp.chmod(temp, mode, (err) => done(err)));
      if (options.owner !== undefined || options.group !== undefined) {
        const owner = `${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}`;
        const raw = await this.run(`chown ${shellQuote(owner)} ${shellQuote(temp)}`, {});
        if (raw.rc !== 0) throw new RemoteFileError(this.host, `cannot give ${remotePath} to ${owner}: ${describeFailure(raw.rc, raw.stderr)} (use become to set an owner)`);
      }
      await call('rename into', (done) => sftp.ext_openssh_rename(temp, remotePath, (err) => done(err)));
    } catch (err) {
      await new Promise<void>((resolve) => sftp.unlink(temp, () => resolve()));
      throw err;
    }
  }

  async get(remotePath: string, options: { become?: Become } = {}): Promise<Buffer> {
    if (options.become) {
      // stdout of the channel is bytes: binary content passes unchanged.
      const raw = await this.run(`cat ${shellQuote(remotePath)}`, { become: options.become }, true);
      if (raw.rc !== 0) throw new RemoteFileError(this.host, `cannot read ${remotePath} as ${options.become.user ?? 'root'}: ${describeFailure(raw.rc, raw.stderr)}`);
      return raw.stdout;
    }
    const sftp = await this.sftp();
    return this.track(
      () =>
        new Promise<Buffer>((resolve, reject) =>
          sftp.readFile(remotePath, (err: Error | undefined, data: Buffer) => (err ? reject(new RemoteFileError(this.host, `cannot read ${remotePath}: ${err.message}`)) : resolve(data))),
        ),
    );
  }

  async forwardOut(host: string, port: number): Promise<Duplex> {
    try {
      // A refused tunnel is an answer (nothing listens there), not a race with MaxSessions: no retry.
      return await this.channel<Duplex>((client, done) => client.forwardOut('127.0.0.1', 0, host, port, done), false);
    } catch (err) {
      if (err instanceof QuorumError || err instanceof UnreachableError) throw err;
      const why = (err as Error).message;
      const hint = /prohibited/i.test(why) ? ' (sshd refuses tunnels: set AllowTcpForwarding yes in its sshd_config)' : /connect failed|refused/i.test(why) ? ` (nothing listens on ${host}:${port} as seen from the host)` : '';
      throw new QuorumError('QUORUM_TUNNEL', `${this.host}: cannot open a tunnel to ${host}:${port}: ${why}${hint}`, ExitCode.hostFailed);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const session = this.session ?? (this.opening ? await this.opening.catch(() => undefined) : undefined);
    if (!session) return;
    // A session that dropped has closed already: its 'close' will not come again.
    if (this.dropped !== undefined) {
      for (const client of session.chain) client.end();
      return;
    }
    const ended = new Promise<void>((resolve) => session.client.once('close', () => resolve()));
    for (const client of [...session.chain].reverse()) client.end();
    // Not unref'd: this promise must settle, and only a live timer guarantees it does.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, 2000)))]);
    clearTimeout(timer);
  }
}
