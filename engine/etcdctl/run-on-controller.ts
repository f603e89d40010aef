import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { finished } from 'node:stream/promises';
import { openConnection } from '../connect/pool.js';
import type { Connection } from '../connect/types.js';
import { type Tunnel, openTunnel } from '../etcd/tunnel.js';
import type { ClusterTarget, MemberTarget } from './cluster-target.js';
import { endpointRewriter } from './endpoint-rewrite.js';
import { connectionFlags } from './etcdctl-args.js';
import { checkLoopbackSan, loopbackSanMessage } from './loopback-san-check.js';

// etcdctl on the controller: each member is dialled directly (quorum_etcd_direct) or through a local port
// tunnelled over its host's SSH connection, so no firewall rule is needed. etcdctl's output and exit code are
// passed through, with tunnel endpoints shown as the members' own URLs.

export interface ControllerRunOptions {
  args: readonly string[];
  acceptNewHostKeys: boolean;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

interface OpenedEndpoint {
  member: MemberTarget;
  endpoint: string;
  tunnel?: Tunnel;
  connection?: Connection;
}

export async function runOnController(target: ClusterTarget, options: ControllerRunOptions): Promise<number> {
  const opened: OpenedEndpoint[] = [];
  try {
    for (const member of target.members) opened.push(await openEndpoint(member, target, options));
    await Promise.all(opened.map((o) => warnIfUnreachable(o, options.stderr)));
    const names = new Map(opened.flatMap((o) => (o.tunnel ? [[o.tunnel.port, o.member.access.clientUrl] as const] : [])));
    const code = await spawnEtcdctl(
      [...connectionFlags(opened.map((o) => o.endpoint), target.certs), ...options.args],
      names,
      options,
    );
    if (code !== 0 && target.certs) {
      const certs = target.certs;
      const problems = await Promise.all(
        opened.map(async (o) => {
          const reason = o.tunnel ? await checkLoopbackSan(o.tunnel.port, certs) : null;
          return reason === null ? [] : [{ host: o.member.access.host, reason }];
        }),
      );
      options.stderr.write(loopbackSanMessage(problems.flat()));
    }
    return code;
  } finally {
    await Promise.allSettled(opened.map(async (o) => {
      await o.tunnel?.close();
      await o.connection?.close();
    }));
  }
}

async function openEndpoint(member: MemberTarget, target: ClusterTarget, options: ControllerRunOptions): Promise<OpenedEndpoint> {
  const { access: m } = member;
  if (m.direct) return { member, endpoint: m.clientUrl };
  const url = new URL(m.clientUrl);
  const connection = openConnection(m.host, member.vars, {
    acceptNewHostKeys: options.acceptNewHostKeys,
    onNote: (note) => options.stderr.write(`quorum etcdctl: ${m.host}: ${note}\n`),
  });
  const tunnel = await openTunnel(connection, url.hostname, Number(url.port || 2379));
  // etcdctl dials 127.0.0.1, which every member certificate of the contract names (DESIGN.md).
  return { member, endpoint: `${target.certs ? 'https' : 'http'}://127.0.0.1:${tunnel.port}`, tunnel, connection };
}

/**
 * Opens the SSH connection and one forward before etcdctl starts, so that the SSH handshake does not eat into
 * etcdctl's dial timeout, and so that a host that cannot be reached is named (etcdctl would only see a reset).
 */
async function warnIfUnreachable(o: OpenedEndpoint, stderr: NodeJS.WritableStream): Promise<void> {
  if (!o.connection?.forwardOut) return;
  const url = new URL(o.member.access.clientUrl);
  try {
    const stream = await o.connection.forwardOut(url.hostname, Number(url.port || 2379));
    stream.destroy();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    stderr.write(`quorum etcdctl: ${o.member.access.host}: cannot reach ${o.member.access.clientUrl} through its SSH connection: ${reason}\n`);
  }
}

async function spawnEtcdctl(argv: string[], names: ReadonlyMap<number, string>, options: ControllerRunOptions): Promise<number> {
  const child = spawn('etcdctl', argv, { stdio: ['inherit', 'pipe', 'pipe'], env: { ...options.env, ETCDCTL_API: '3' } });
  const out = child.stdout.pipe(endpointRewriter(names));
  const err = child.stderr.pipe(endpointRewriter(names));
  out.pipe(options.stdout, { end: false });
  err.pipe(options.stderr, { end: false });
  const exit = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const signalNumber = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
      resolve(code ?? 128 + (signalNumber ?? 0));
    });
  });
  // The last lines are written only when the rewriters have flushed them.
  const [code] = await Promise.all([exit, finished(out), finished(err)]);
  return code;
}
