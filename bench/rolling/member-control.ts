import type { Connection } from '../../engine/connect/types.js';

// Stopping and starting one member by hand, as the demo playbooks do (playbooks/demo/start-etcd.yml and the
// stop task of playbooks/demo/rolling-restart.yml): the same pidfile, data dir and flags. The times are taken
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

/** Starts the member in the background; returns when the start command ran, in ms since the epoch. */
export async function startMember(connection: Connection, member: MemberAddress, initialCluster: string): Promise<number> {
  const script = [
    'mkdir -p /var/lib/etcd /run/quorum',
    'start=$(date +%s%N)',
    `setsid etcd --name ${member.name} --data-dir /var/lib/etcd/data` +
      ` --listen-client-urls http://${member.address}:2379 --advertise-client-urls http://${member.address}:2379` +
      ` --listen-peer-urls http://${member.address}:2380 --initial-advertise-peer-urls http://${member.address}:2380` +
      ` --initial-cluster ${initialCluster} --initial-cluster-state new` +
      ' --logger zap --log-outputs /var/log/etcd.log </dev/null >/dev/null 2>&1 &',
    'echo $! > /run/quorum/etcd.pid',
    'echo "$start"',
  ].join('\n');
  return Number(BigInt((await run(connection, script, 'start')).trim()) / 1_000_000n);
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
