import { homedir, userInfo } from 'node:os';
import type { Diagnostic } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { LocalConnection } from './local.js';
import { SshConnection } from './ssh.js';
import { sshTargetFromVars, type HostVariables } from './ssh-options.js';
import type { Connection } from './types.js';

// One connection per host for the whole run: created on first use, reused by every task, closed at the end.
// Which kind is chosen from ansible_connection, as in Ansible; `localhost` without one runs locally.

export interface ConnectionSettings {
  /** `--accept-new-host-keys`. */
  acceptNewHostKeys?: boolean;
  /** Defaults to the controller's home directory (for ~/.ssh/known_hosts and ~ in paths). */
  homeDir?: string;
  /** Defaults to the controller's user, ssh's default login name. */
  localUser?: string;
  /** ssh-agent's socket; defaults to SSH_AUTH_SOCK. `false` offers no agent keys (tests, CI). */
  agentSocket?: string | false;
  /** Receives warnings (ignored ssh options) and notes (host keys added under accept-new). */
  onNote?: (message: string) => void;
}

const sshConnectionTypes = new Set(['ssh', 'smart', 'paramiko', 'paramiko_ssh', 'ansible.builtin.ssh', 'ansible.builtin.paramiko_ssh']);
const localConnectionTypes = new Set(['local', 'ansible.builtin.local']);

function problem(host: string, message: string, hint: string): Diagnostic {
  return { severity: 'error', code: 'QUORUM_CONNECTION_TYPE', message: `host ${host}: ${message}`, hint };
}

/** A connection for one host, not yet opened: the first call opens it. Throws InputError on bad variables. */
export function openConnection(host: string, vars: HostVariables, settings: ConnectionSettings = {}): Connection {
  const type = vars['ansible_connection'];
  if (type !== undefined && typeof type !== 'string')
    throw new InputError([problem(host, `ansible_connection: expected a string, got ${typeof type}`, 'use ssh or local')]);
  if ((type !== undefined && localConnectionTypes.has(type)) || (type === undefined && host === 'localhost')) return new LocalConnection();
  if (type !== undefined && !sshConnectionTypes.has(type))
    throw new InputError([problem(host, `ansible_connection: ${JSON.stringify(type)} is not supported`, 'quorum connects with ssh or local')]);
  const homeDir = settings.homeDir ?? homedir();
  const { target, diagnostics } = sshTargetFromVars(host, vars, {
    homeDir,
    localUser: settings.localUser ?? userInfo().username,
    acceptNewHostKeys: settings.acceptNewHostKeys ?? false,
  });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new InputError(errors);
  for (const warning of diagnostics) settings.onNote?.(`warning: ${warning.message}`);
  const agentSocket = settings.agentSocket === false ? undefined : (settings.agentSocket ?? process.env['SSH_AUTH_SOCK']);
  return new SshConnection(target, {
    homeDir,
    ...(agentSocket ? { agentSocket } : {}),
    ...(settings.onNote ? { onNote: settings.onNote } : {}),
  });
}

export class ConnectionPool {
  private readonly connections = new Map<string, Connection>();

  constructor(
    private readonly varsOf: (host: string) => HostVariables,
    private readonly settings: ConnectionSettings = {},
  ) {}

  /** The host's one connection (opened by its first call). */
  get(host: string): Connection {
    let connection = this.connections.get(host);
    if (!connection) {
      connection = openConnection(host, this.varsOf(host), this.settings);
      this.connections.set(host, connection);
    }
    return connection;
  }

  /** Closes every connection; safe to call twice. */
  async closeAll(): Promise<void> {
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }
}
