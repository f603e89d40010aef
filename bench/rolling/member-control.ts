import type { Connection } from '../../engine/connect/types.js';

// Stopping and starting one member by hand: SIGTERM through the pidfile, as the service module and the demo's
// stop task do, and the start command of the cluster's layout (layouts.ts). The times are taken
// on the host with `date +%s%N` (the lab's hosts share the controller's clock), so the SSH round trip that
// carries the command is not counted as the member's own time.

export interface MemberAddress {
  name: string;
  address: string;
}

const ROOT = { become: { user: 'root' } };

/** Graceful stop (SIGTERM, then wait for the process to end); returns the stop's start and end, in ms since the epoch. */
export async function stopMember(connection: Connection): Promise<{ startMs: number; endMs: number }> {
  const script = [
    'pid=$(cat /run/quorum/etcd.pid)',
    'start=$(date +%s%N)',
    'kill "$pid"',
    'while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done',
    'end=$(date +%s%N)',
    'rm -f /run/quorum/etcd.pid',
    'echo "$start $end"',
  ].join('\n');
  return nanosPair(await run(connection, script, 'stop'));
}

/** Runs a layout's start command; returns when it was run on the host, in ms since the epoch. */
export async function startMember(connection: Connection, startCommand: string): Promise<number> {
  const script = ['start=$(date +%s%N)', startCommand, 'echo "$start"'].join('\n');
  return Number(BigInt((await run(connection, script, 'start')).trim().split('\n').at(-1)!) / 1_000_000n);
}

async function run(connection: Connection, script: string, what: string): Promise<string> {
  const result = await connection.exec(script, ROOT);
  if (result.rc !== 0) throw new Error(`bench/rolling: ${what} on ${connection.host} exited ${result.rc}: ${result.stderr.trim()}`);
  return result.stdout;
}

function nanosPair(text: string): { startMs: number; endMs: number } {
  const [start, end] = text.trim().split(' ').map((n) => Number(BigInt(n) / 1_000_000n));
  return { startMs: start!, endMs: end! };
}
