import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunEvent } from '../../engine/events.js';
import { repoRoot } from '../../engine/paths.js';
import { Recap, type HostStats } from '../../engine/report/recap.js';
import type { Lab } from '../../engine/lab/index.js';

// Runs the built CLI as a user would (a whole process), and reads its --json events back.

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runQuorum(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'quorum.js'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof e.code !== 'number') throw error;
    return { code: e.code, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

export function parseEvents(stdout: string): RunEvent[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as RunEvent);
}

/** The PLAY RECAP a run's events add up to, per host. */
export function recapOf(events: readonly RunEvent[]): Map<string, HostStats> {
  const recap = new Recap();
  for (const e of events) recap.listener(e);
  return new Map(recap.entries());
}

/** Runs a command on a lab host as root through the system ssh client, with strict host keys. */
export async function onLabHost(lab: Lab, host: string, command: string): Promise<string> {
  const h = lab.hosts.find((x) => x.name === host);
  if (!h) throw new Error(`no lab host ${host}`);
  const { stdout } = await promisify(execFile)('ssh', [
    '-F', '/dev/null',
    '-i', h.privateKeyFile,
    '-o', `UserKnownHostsFile=${lab.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-p', String(h.port),
    `${h.user}@${h.address}`,
    `sudo -n /bin/sh -c '${command.replace(/'/g, `'\\''`)}'`,
  ]);
  return stdout;
}
