import { QuorumError } from '../errors.js';
import { shellQuote } from './shell-quote.js';
import type { Become } from './types.js';

// Builds the one shell line an exec sends over SSH. sshd runs it with the login user's shell, so everything
// that must apply to the command (working dir, environment, privilege, time limit) is written into the line:
// - env is exported in the line, because sshd's AcceptEnv refuses `env` requests for most names;
// - cwd and env go INSIDE sudo, since sudo resets the environment and the become user may not reach the
//   login user's directory;
// - the time limit is coreutils `timeout`, also inside sudo: it runs the command in its own process group
//   and kills that whole group (TERM, then KILL after a grace), as the right user, so that a timeout really
//   stops the remote command and whatever it started, which a client-side channel close does not.

/** Seconds between timeout's TERM and its KILL. */
export const killGraceSeconds = 2;

/** With a become password, sudo is told to print `prompt` on stderr; the shell it starts prints `successMarker`. */
export interface BecomeDialog {
  prompt: string;
  successMarker: string;
}

export function becomeDialog(token: string): BecomeDialog {
  return { prompt: `[quorum become ${token}] password:`, successMarker: `QUORUM-BECOME-SUCCESS-${token}` };
}

export interface RemoteCommandOptions {
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  become?: Become;
}

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function buildRemoteCommand(command: string, options: RemoteCommandOptions, dialog?: BecomeDialog): string {
  const steps: string[] = [];
  if (options.cwd !== undefined) steps.push(`cd ${shellQuote(options.cwd)}`);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (!envName.test(name))
      throw new QuorumError('QUORUM_ENV_NAME', `environment variable name ${JSON.stringify(name)} is not valid in a shell`, 1, 'use letters, digits and _, not starting with a digit');
    steps.push(`export ${name}=${shellQuote(value)}`);
  }
  // A brace group keeps a multi-line script behind the `&&`: after a failed cd, no line of it may run.
  let line = steps.length === 0 ? command : `${steps.join(' && ')} && { ${command}\n}`;
  if (options.timeoutMs !== undefined) {
    const seconds = Math.max(options.timeoutMs, 1) / 1000;
    line = `exec timeout -k ${killGraceSeconds} ${seconds} /bin/sh -c ${shellQuote(line)}`;
  }
  if (!options.become) return line;
  const user = shellQuote(options.become.user ?? 'root');
  if (options.become.password === undefined) return `exec sudo -H -n -u ${user} -- /bin/sh -c ${shellQuote(line)}`;
  if (!dialog) throw new Error('buildRemoteCommand: a become password needs a dialog');
  const inner = `echo ${dialog.successMarker}; ${line}`;
  return `exec sudo -H -S -p ${shellQuote(dialog.prompt)} -u ${user} -- /bin/sh -c ${shellQuote(inner)}`;
}
