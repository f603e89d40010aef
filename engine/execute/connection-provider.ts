import { type ConnectionSettings, openConnection } from '../connect/pool.js';
import { type Connection, UnreachableError } from '../connect/types.js';
import { QuorumError } from '../errors.js';
import type { ConnectionProvider } from './run-options.js';

// The executor's view of the connection pool: one connection per host, opened on first use with the host's
// templated variables. A host whose connection variables are wrong is unreachable, with the reason, like a host
// that refuses the connection: the other hosts go on.
export function connectionProvider(settings: ConnectionSettings): ConnectionProvider {
  const connections = new Map<string, Connection>();
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
    async closeAll() {
      const all = [...connections.values()];
      connections.clear();
      await Promise.allSettled(all.map((c) => c.close()));
    },
  };
}
