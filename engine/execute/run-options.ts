import type { Connection, ResourceOwner } from '../connect/types.js';
import type { Module } from '../modules/define.js';
import type { ModuleName } from '../modules/names.js';
import type { Interrupts } from './interrupts.js';
import type { RollingHooks, RunInvocation } from './rolling-hooks.js';
import type { TagSelection } from './tags.js';

/** Everything about a run that comes from the command line, not from the playbook. */
export interface RunOptions {
  check: boolean;
  diff: boolean;
  /** -f: how many hosts run a task at the same time. */
  forks: number;
  /** --limit, as a host pattern; undefined means no limit. */
  limit?: string;
  tags: TagSelection;
  /** -e, already parsed and merged in order. */
  extraVars: Record<string, unknown>;
  forceHandlers: boolean;
  verbosity: number;
  /** sudo's password, from --ask-become-pass or the environment. */
  becomePassword?: string;
  /** Steps a caller takes around a rolling play's batches (`quorum apply`); none for `quorum run`. */
  rollingHooks?: RollingHooks;
  /** The run id and command line written into a cluster's lock; a fresh id when absent. */
  invocation?: RunInvocation;
  /** Where Ctrl-C and SIGTERM arrive (interrupts.ts); without it, rollouts cannot be stopped between batches. */
  interrupts?: Interrupts;
}

/**
 * How the executor reaches a host; the CLI backs it with the SSH connection pool. It owns every connection it
 * opened and every resource adopted through it (etcd clients, tunnels): whoever made it calls closeAll() in a
 * `finally`, once the command is done with it.
 */
export interface ConnectionProvider extends ResourceOwner {
  /** The connection for `host` with its merged variables; opened on first use, then reused. */
  get(host: string, vars: Record<string, unknown>): Promise<Connection>;
  closeAll(): Promise<void>;
}

/** The modules the executor can run, by short name (the registry, injected so that tests can narrow it). */
export type ModuleLookup = (name: ModuleName) => Module | undefined;

export const defaultRunOptions: RunOptions = {
  check: false,
  diff: false,
  forks: 5,
  tags: { only: [], skip: [] },
  extraVars: {},
  forceHandlers: false,
  verbosity: 0,
};
