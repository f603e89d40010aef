import type { Duplex } from 'node:stream';

// The contract every connection keeps (after ansible-core's connection plugins: a handful of methods).
// Modules and the executor see only this; ssh.ts and local.ts implement it.

export interface Become {
  /** Run as this user through `sudo -n` (default root). */
  user?: string;
  /** sudo's password, fed on stdin when sudo asks; never logged. */
  password?: string;
}

export interface ExecOptions {
  stdin?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the command and fail after this long. */
  timeoutMs?: number;
  become?: Become;
}

export interface ExecResult {
  rc: number;
  stdout: string;
  stderr: string;
  /** Set when the command was ended by a signal (or by the timeout). */
  signal?: string;
}

export interface PutOptions {
  /** Octal mode as a number, for example 0o600. */
  mode?: number;
  owner?: string;
  group?: string;
  become?: Become;
}

export interface Connection {
  readonly host: string;
  /** Runs a command through the host's POSIX shell. */
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  /** Writes a file atomically: a temp file beside it, then rename. */
  put(remotePath: string, content: Buffer | string, options?: PutOptions): Promise<void>;
  get(remotePath: string, options?: { become?: Become }): Promise<Buffer>;
  /**
   * Opens the connection now instead of at its first use, so that its handshake can overlap other work (the
   * etcd client starts it while etcd3 loads). Connections with nothing to open need not have it.
   */
  connect?(): Promise<void>;
  /** A TCP stream to host:port as seen from the remote host (the etcd client tunnels through this). */
  forwardOut?(host: string, port: number): Promise<Duplex>;
  close(): Promise<void>;
}

/** The reason a host could not be reached; the executor marks the host unreachable with it (exit 3). */
export class UnreachableError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`${host}: unreachable: ${reason}`);
    this.name = 'UnreachableError';
  }
}

/** Anything a command opens and must close before it ends: a connection, a tunnel, an etcd client. */
export interface Closeable {
  close(): Promise<void>;
}

/**
 * The one owner of what a command opens (execute/connection-provider.ts): whatever is adopted is closed with
 * everything else when the command ends, on every path, unless it was closed first (call the returned function
 * then, so that the owner forgets it).
 */
export interface ResourceOwner {
  adopt(resource: Closeable): () => void;
}
