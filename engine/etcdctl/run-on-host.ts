import { openConnection } from '../connect/pool.js';
import type { Connection } from '../connect/types.js';
import { QuorumError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ClusterTarget, MemberTarget } from './cluster-target.js';
import { hostCommand } from './etcdctl-args.js';

// etcdctl on a member host over SSH, as root, with the host's own copy of the admin certificate
// (/etc/etcd/pki, etcd-contract.md) and every member's client URL. Without a host named, the first member
// (in inventory order) whose own endpoint answers `endpoint health` runs it.

export interface HostRunOptions {
  args: readonly string[];
  /** The member to run on; undefined: the first healthy one. */
  host: string | undefined;
  acceptNewHostKeys: boolean;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const ROOT = { user: 'root' };

export async function runOnHost(target: ClusterTarget, options: HostRunOptions): Promise<number> {
  const tls = target.certs !== undefined;
  const connections = new Map<string, Connection>();
  const connectionOf = (member: MemberTarget): Connection => {
    let connection = connections.get(member.access.host);
    if (!connection) {
      connection = openConnection(member.access.host, member.vars, {
        acceptNewHostKeys: options.acceptNewHostKeys,
        onNote: (note) => options.stderr.write(`quorum etcdctl: ${member.access.host}: ${note}\n`),
      });
      connections.set(member.access.host, connection);
    }
    return connection;
  };
  try {
    const member = options.host !== undefined ? namedMember(target, options.host) : await firstHealthyMember(target, tls, connectionOf);
    const endpoints = target.members.map((m) => m.access.clientUrl);
    const result = await connectionOf(member).exec(hostCommand(endpoints, tls, options.args), { become: ROOT });
    options.stdout.write(result.stdout);
    options.stderr.write(result.stderr);
    return result.rc;
  } finally {
    await Promise.allSettled([...connections.values()].map((c) => c.close()));
  }
}

function namedMember(target: ClusterTarget, host: string): MemberTarget {
  const member = target.members.find((m) => m.access.host === host);
  if (!member) {
    throw new UsageError(
      `--on-host ${host}: not a member of cluster ${target.cluster}`,
      `name one of ${target.members.map((m) => m.access.host).join(', ')}, or give --on-host no host to take the first healthy one`,
    );
  }
  return member;
}

async function firstHealthyMember(target: ClusterTarget, tls: boolean, connectionOf: (m: MemberTarget) => Connection): Promise<MemberTarget> {
  const checks = await Promise.all(
    target.members.map(async (member) => {
      const command = hostCommand([member.access.clientUrl], tls, ['--dial-timeout=2s', '--command-timeout=3s', 'endpoint', 'health']);
      try {
        const result = await connectionOf(member).exec(command, { become: ROOT, timeoutMs: 10_000 });
        return { member, healthy: result.rc === 0, reason: lastLine(result.stderr || result.stdout) };
      } catch (error) {
        return { member, healthy: false, reason: lastLine(error instanceof Error ? error.message : String(error)) };
      }
    }),
  );
  const healthy = checks.find((c) => c.healthy);
  if (healthy) return healthy.member;
  throw new QuorumError(
    'QUORUM_ETCDCTL_NO_HEALTHY_MEMBER',
    `cluster ${target.cluster}: no member answered etcdctl endpoint health on its own host:\n${checks.map((c) => `  ${c.member.access.host}: ${c.reason}`).join('\n')}`,
    ExitCode.error,
    'start a member, or run on the controller (--controller) to see each endpoint',
  );
}

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
