import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, writeFile, chmod, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import { becomeFailure, CommandOutput } from './command-output.js';
import { BecomeError } from './connection-errors.js';
import { becomeDialog, buildRemoteCommand, killGraceSeconds } from './remote-command.js';
import { shellQuote } from './shell-quote.js';
import type { Connection, ExecOptions, ExecResult, PutOptions, Become } from './types.js';

export { shellQuote };

/** Wraps a command for `become` the way the SSH connection does: sudo -n (or -S with a password) to the user. */
export function becomeCommand(command: string, become: Become | undefined): string {
  if (!become) return command;
  const user = become.user ?? 'root';
  const sudo = become.password ? `sudo -S -p '' -u ${shellQuote(user)}` : `sudo -n -u ${shellQuote(user)}`;
  return `${sudo} -- /bin/sh -c ${shellQuote(command)}`;
}

/** Runs commands on the controller itself (for `localhost` and `delegate_to: localhost`). */
export class LocalConnection implements Connection {
  readonly host = 'localhost';

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const password = options.become?.password;
    const dialog = password !== undefined ? becomeDialog(randomBytes(8).toString('hex')) : undefined;
    // The same shell line as over SSH (remote-command.ts): cwd and env inside sudo, so that they reach the
    // become user's command (sudo resets the environment), and coreutils `timeout` stopping the command's
    // whole process group, children included; a password is sent only when sudo asks for it.
    const line = buildRemoteCommand(command, options, dialog);
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', line], { stdio: ['pipe', 'pipe', 'pipe'] });
      // A command that exits without reading its stdin closes the pipe (EPIPE); its exit status says what happened.
      child.stdin.on('error', () => undefined);
      const output = new CommandOutput(child.stdin, options.stdin, password, dialog);
      child.stdout.on('data', (d: Buffer) => output.stdout(d));
      child.stderr.on('data', (d: Buffer) => output.stderr(d));
      output.start();
      let abandoned = false;
      const guard =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              abandoned = true;
              child.kill('SIGKILL');
            }, options.timeoutMs + (killGraceSeconds + 3) * 1000);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (guard) clearTimeout(guard);
        const collected = output.finish();
        const rc = code ?? 255;
        const failure = becomeFailure(options.become, rc, collected.stderr.toString(), collected.passwordRejected);
        if (failure) return reject(new BecomeError(this.host, failure.message, failure.hint));
        const result: ExecResult = { rc, stdout: collected.stdout.toString('utf8'), stderr: collected.stderr.toString('utf8') };
        const ranOut = options.timeoutMs !== undefined && Date.now() - started >= options.timeoutMs;
        if (abandoned || (ranOut && (rc === 124 || rc === 137))) result.signal = 'TIMEOUT';
        else if (signal) result.signal = signal;
        resolve(result);
      });
    });
  }

  async put(remotePath: string, content: Buffer | string, options: PutOptions = {}): Promise<void> {
    if (options.become) {
      // Write through the shell so that sudo applies; content goes on stdin.
      const tmp = `${remotePath}.quorum-${randomBytes(4).toString('hex')}`;
      const steps = [`umask 077`, `mkdir -p ${shellQuote(dirname(remotePath))}`, `cat > ${shellQuote(tmp)}`];
      if (options.mode !== undefined) steps.push(`chmod ${options.mode.toString(8)} ${shellQuote(tmp)}`);
      if (options.owner || options.group)
        steps.push(`chown ${shellQuote(`${options.owner ?? ''}${options.group ? `:${options.group}` : ''}`)} ${shellQuote(tmp)}`);
      steps.push(`mv -f ${shellQuote(tmp)} ${shellQuote(remotePath)}`);
      const r = await this.exec(steps.join(' && '), { stdin: content, become: options.become });
      if (r.rc !== 0) throw new Error(`cannot write ${remotePath}: ${r.stderr.trim()}`);
      return;
    }
    await mkdir(dirname(remotePath), { recursive: true });
    const tmp = join(dirname(remotePath), `.${basename(remotePath)}.quorum-${randomBytes(4).toString('hex')}`);
    try {
      await writeFile(tmp, content, { mode: options.mode ?? 0o644 });
      if (options.mode !== undefined) await chmod(tmp, options.mode);
      if (options.owner || options.group) {
        const r = await this.exec(
          `chown ${shellQuote(`${options.owner ?? ''}${options.group ? `:${options.group}` : ''}`)} ${shellQuote(tmp)}`,
        );
        if (r.rc !== 0) throw new Error(`cannot chown ${remotePath}: ${r.stderr.trim()}`);
      }
      await rename(tmp, remotePath);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  async get(remotePath: string, options: { become?: Become } = {}): Promise<Buffer> {
    if (!options.become) return readFile(remotePath);
    // exec decodes stdout as UTF-8, which would mangle binary files: base64 carries the bytes unchanged.
    const r = await this.exec(`base64 ${shellQuote(remotePath)}`, { become: options.become });
    if (r.rc !== 0) throw new Error(`cannot read ${remotePath}: ${r.stderr.trim()}`);
    return Buffer.from(r.stdout, 'base64');
  }

  /** On the controller a "forwarded" stream is a direct TCP connection. */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  async close(): Promise<void> {}
}
