import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockOwner } from './cluster-lock.js';

// Whether the run that holds a cluster's lock is provably gone: it ran on this very machine and its process no
// longer exists (or its pid now belongs to a process that is not quorum). Such a lock is taken over at once,
// rather than waited out for its lease (up to 30 s after a killed run). A holder on another machine, or a process
// that still runs, or one that cannot be checked, is never presumed gone.

export interface ProcessProbe {
  /** This machine's host name, as a lock's holder writes it (user@hostname). */
  hostname: string;
  /** 'gone' when no process has this pid; 'alive' when one has; 'unknown' when the check itself failed. */
  processState(pid: number): 'gone' | 'alive' | 'unknown';
  /** The process's command line, or undefined when it cannot be read (another user's, or no /proc). */
  commandLine(pid: number): string | undefined;
}

export const localProbe: ProcessProbe = {
  hostname: hostname(),
  processState(pid) {
    try {
      process.kill(pid, 0);
      return 'alive';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ESRCH' ? 'gone' : code === 'EPERM' ? 'alive' : 'unknown';
    }
  },
  commandLine(pid) {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return undefined;
    }
  },
};

/** Why the holder is provably gone, in words; undefined when it may still run. Pure but for the probe. */
export function goneHolder(owner: LockOwner, probe: ProcessProbe = localProbe): string | undefined {
  const machine = owner.holder.slice(owner.holder.lastIndexOf('@') + 1);
  if (machine !== probe.hostname) return undefined;
  if (owner.pid === process.pid) return undefined;
  const state = probe.processState(owner.pid);
  if (state === 'gone') return `pid ${owner.pid} on this machine (${machine}) is no longer running`;
  if (state !== 'alive') return undefined;
  const command = probe.commandLine(owner.pid);
  // The pid was given to another program since: the run that took the lock is gone all the same.
  if (command !== undefined && command !== '' && !/quorum/i.test(command)) return `pid ${owner.pid} on this machine (${machine}) is now another program (${command.slice(0, 60)})`;
  return undefined;
}
