import { type ConnectionSettings, openConnection } from '../connect/pool.js';
import { type Closeable, type Connection, UnreachableError } from '../connect/types.js';
import { QuorumError } from '../errors.js';
import type { ConnectionProvider } from './run-options.js';

// The executor's view of the connection pool: one connection per host, opened on first use with the host's
// templated variables. A host whose connection variables are wrong is unreachable, with the reason, like a host
// that refuses the connection: the other hosts go on.
//
// It is also the one owner of everything a command opens through those connections (etcd clients and their
// tunnels adopt themselves here when they open, engine/etcd/endpoint-client.ts): the command that made the
// provider calls closeAll() in its `finally`, on every path (a refusal, an error, Ctrl-C between batches), so
// that no socket, tunnel listener or gRPC channel is left to keep the process alive after its answer.

/** How long closing any one resource may take before it is abandoned (a host that stopped answering). */
const CLOSE_DEADLINE_MS = 2000;

export function connectionProvider(settings: ConnectionSettings): ConnectionProvider {
  const connections = new Map<string, Connection>();
  const adopted = new Set<Closeable>();
  return {
    async get(host, vars) {
      let connection = connections.get(host);
      if (!connection) {
        try {
          connection = openConnection(host, vars, settings);
        } catch (error) {
          if (error instanceof QuorumError) throw new UnreachableError(host, error.message);
          throw error;
        }
        connections.set(host, connection);
      }
      return connection;
    },
    adopt(resource) {
      adopted.add(resource);
      return () => void adopted.delete(resource);
    },
    async closeAll() {
      // What runs through the connections first (etcd clients, tunnels), then the connections themselves.
      const resources = [...adopted];
      adopted.clear();
      await Promise.allSettled(resources.map((r) => closeWithin(r)));
      const all = [...connections.values()];
      connections.clear();
      await Promise.allSettled(all.map((c) => closeWithin(c)));
    },
  };
}

/**
 * Closes `resource`, waiting at most CLOSE_DEADLINE_MS: a close must never be what keeps a command waiting. The
 * deadline's timer is not unref'd on purpose: a close whose own handles are all gone would otherwise leave its
 * promise pending with nothing to keep the process alive, and the process would end without its answer.
 */
export function closeWithin(resource: Closeable, ms = CLOSE_DEADLINE_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([resource.close().catch(() => undefined), deadline]).finally(() => clearTimeout(timer));
}
