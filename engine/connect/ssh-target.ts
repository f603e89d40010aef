import type { Diagnostic } from '../diagnostics.js';

// The typed result of reading a host's SSH variables (ssh-options.ts): how to reach it, hop by hop.

/** strict: an unknown key is refused (OpenSSH's `yes`); accept-new: an unknown key is added, a changed one refused. */
export type HostKeyChecking = 'strict' | 'accept-new' | 'off';

/** One SSH server on the way: the target itself, or a jump host in front of it. */
export interface SshHop {
  host: string;
  port: number;
  user: string;
  /** Private keys to offer, in order (ssh-agent's keys are offered after them when an agent runs). */
  identityFiles: string[];
  /** Checked in order; an accepted new key is appended to the first. */
  knownHostsFiles: string[];
  /** The name to look the key up under instead of the host (OpenSSH's HostKeyAlias). */
  hostKeyAlias?: string;
  hostKeyChecking: HostKeyChecking;
}

export interface SshTarget extends SshHop {
  /** The inventory name, used in every message. */
  name: string;
  /** Jump hosts, outermost first (ProxyJump's order). */
  jumps: SshHop[];
  connectTimeoutMs: number;
  /** 0 disables keepalives. */
  keepaliveIntervalMs: number;
  /** Unanswered keepalives before the connection counts as dropped. */
  keepaliveCountMax: number;
  /** Further connection attempts after a refused or timed-out one. */
  retries: number;
}

export interface SshOptionsContext {
  homeDir: string;
  /** ssh's default login user when none is set. */
  localUser: string;
  /** `--accept-new-host-keys`: turns the default strict checking into OpenSSH's accept-new. */
  acceptNewHostKeys?: boolean;
}

/**
 * A host's variables after inventory and play merging. They come from YAML, INI and -e, so every value is
 * checked here before use: the keys are the user's, not a fixed set.
 */
export type HostVariables = { readonly [name: string]: unknown };

export interface SshTargetResult {
  target: SshTarget;
  /** Errors make the target unusable; warnings name options that quorum ignores. */
  diagnostics: Diagnostic[];
}

export const sshDefaults = {
  port: 22,
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  retries: 2,
} as const;
