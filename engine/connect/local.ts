import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, writeFile, chmod, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Connection, ExecOptions, ExecResult, PutOptions, Become } from './types.js';

/** Wraps a command for `become` the way the SSH connection does: sudo -n (or -S with a password) to the user. */
export function becomeCommand(command: string, become: Become | undefined): string {
  if (!become) return command;
  const user = become.user ?? 'root';
  const sudo = become.password ? `sudo -S -p '' -u ${shellQuote(user)}` : `sudo -n -u ${shellQuote(user)}`;
  return `${sudo} -- /bin/sh -c ${shellQuote(command)}`;
}

/** Quotes a string for a POSIX shell: single quotes, with embedded single quotes closed and escaped. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Runs commands on the controller itself (for `localhost` and `delegate_to: localhost`). */
export class LocalConnection implements Connection {
  readonly host = 'localhost';

  exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    const wrapped = becomeCommand(command, options.become);
    return new Promise((resolve, reject) => {
      const child = spawn('/bin/sh', ['-c', wrapped], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      let timedOut = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              child.kill('SIGKILL');
            }, options.timeoutMs);
      child.on('error', reject);
      // A command that exits without reading its stdin closes the pipe (EPIPE); its exit status says what happened.
      child.stdin.on('error', () => undefined);
      child.on('close', (code, signal) => {
        if (timer) clearTimeout(timer);
        const result: ExecResult = {
          rc: code ?? 255,
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
        };
        if (timedOut) result.signal = 'TIMEOUT';
        else if (signal) result.signal = signal;
        resolve(result);
      });
      const stdin = options.become?.password ? `${options.become.password}\n${options.stdin ?? ''}` : options.stdin;
      child.stdin.end(stdin ?? '');
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
