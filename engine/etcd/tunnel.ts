import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import type { Connection } from '../connect/types.js';

// gRPC dials TCP addresses, not streams: a tunnel is a local listener on 127.0.0.1 whose every accepted socket
// is piped into a stream the host's connection opens to the member's client port (ssh2's forwardOut).
// No firewall rule is needed, and the member's port never has to be reachable from the controller.
//
// gRPC only sees a socket that closes when the far side cannot be reached, so the tunnel remembers why its last
// forward failed (the host is unreachable over SSH, nothing listens on the port) and whether one is still
// waiting for the SSH session: the etcd client turns that into words (call-failure.ts) instead of gRPC's text.

export interface TunnelHealth {
  /** Why the last forward failed, until one succeeds again. */
  lastFailure: unknown;
  /** A forward succeeded since the tunnel opened: the member's port accepts connections. */
  everForwarded: boolean;
  /** Forwards still waiting for the host's SSH session or the channel. */
  pending: number;
}

export interface Tunnel {
  /** The local port gRPC dials. */
  readonly port: number;
  readonly health: TunnelHealth;
  close(): Promise<void>;
}

export async function openTunnel(connection: Connection, targetHost: string, targetPort: number): Promise<Tunnel> {
  if (!connection.forwardOut) {
    throw new Error(`${connection.host}: this connection cannot forward ports, so etcd cannot be reached through it`);
  }
  const forward = connection.forwardOut.bind(connection);
  const sockets = new Set<Socket>();
  const health: TunnelHealth = { lastFailure: undefined, everForwarded: false, pending: 0 };
  let closed = false;
  const server: Server = createServer((local) => {
    sockets.add(local);
    local.setNoDelay(true);
    local.once('close', () => sockets.delete(local));
    // gRPC may give up on this socket (its deadline) while the forward still waits: that is not an error here.
    local.on('error', () => undefined);
    local.pause();
    health.pending += 1;
    forward(targetHost, targetPort).then(
      (remote) => {
        health.pending -= 1;
        health.lastFailure = undefined;
        health.everForwarded = true;
        // The local side went away (or the tunnel closed) while the forward waited: end the channel at once,
        // or it would stay open on the host with nobody reading it.
        if (closed || local.destroyed) {
          remote.destroy();
          return;
        }
        local.pipe(remote).pipe(local);
        local.resume();
        const end = () => {
          local.destroy();
          remote.destroy();
        };
        local.once('error', end);
        remote.once('error', end);
        local.once('close', end);
        remote.once('close', end);
      },
      (error: unknown) => {
        health.pending -= 1;
        health.lastFailure = error;
        local.destroy();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    health,
    close: () =>
      new Promise<void>((resolve) => {
        closed = true;
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
