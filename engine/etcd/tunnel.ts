import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import type { Connection } from '../connect/types.js';

// gRPC dials TCP addresses, not streams: a tunnel is a local listener on 127.0.0.1 whose every accepted socket
// is piped into a stream the host's connection opens to the member's client port (ssh2's forwardOut).
// No firewall rule is needed, and the member's port never has to be reachable from the controller.

export interface Tunnel {
  /** The local port gRPC dials. */
  readonly port: number;
  close(): Promise<void>;
}

export async function openTunnel(connection: Connection, targetHost: string, targetPort: number): Promise<Tunnel> {
  if (!connection.forwardOut) {
    throw new Error(`${connection.host}: this connection cannot forward ports, so etcd cannot be reached through it`);
  }
  const forward = connection.forwardOut.bind(connection);
  const sockets = new Set<Socket>();
  const server: Server = createServer((local) => {
    sockets.add(local);
    local.setNoDelay(true);
    local.once('close', () => sockets.delete(local));
    local.pause();
    forward(targetHost, targetPort).then(
      (remote) => {
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
      () => local.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
