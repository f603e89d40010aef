import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openConnection } from '../../../engine/connect/pool.js';
import type { Connection } from '../../../engine/connect/types.js';
import type { EtcdTls } from '../../../engine/etcd/endpoint-client.js';
import type { Lab } from '../../../engine/lab/index.js';
import type { MonitoredMember } from './monitor.js';

// Endpoint targets for members on lab hosts: https with the admin certificate of a PKI directory in the
// contract's layout, or plain http; dialled directly, or tunnelled through an SSH connection to each host, as
// quorum itself reaches them.

export interface LabTargetOptions {
  /** A PKI directory in the contract's layout (ca.crt, admin.crt, admin.key); absent: plain HTTP. */
  pkiDir?: string;
  /** Dial the members' addresses instead of tunnelling through SSH. */
  direct?: boolean;
  /** Per call; default 2000 ms. */
  timeoutMs?: number;
}

export interface LabTargets {
  members: MonitoredMember[];
  /** Closes the SSH connections the tunnels use (after the writer and monitor are closed). */
  close(): Promise<void>;
}

export function labEndpointTargets(lab: Lab, hosts: readonly string[], options: LabTargetOptions = {}): LabTargets {
  const tls: EtcdTls | undefined = options.pkiDir
    ? { ca: readFileSync(join(options.pkiDir, 'ca.crt')), cert: readFileSync(join(options.pkiDir, 'admin.crt')), key: readFileSync(join(options.pkiDir, 'admin.key')) }
    : undefined;
  const connections: Connection[] = [];
  const members = hosts.map((name): MonitoredMember => {
    const host = lab.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no lab host ${name} (the lab has ${lab.hosts.map((h) => h.name).join(', ')})`);
    let via: Connection | undefined;
    if (!options.direct) {
      via = openConnection(name, {
        ansible_host: host.address,
        ansible_port: host.port,
        ansible_user: host.user,
        ansible_ssh_private_key_file: host.privateKeyFile,
        quorum_known_hosts_file: lab.knownHostsFile,
      }, { agentSocket: false });
      connections.push(via);
    }
    return {
      host: name,
      target: {
        clientUrl: `${tls ? 'https' : 'http'}://${host.address}:2379`,
        serverName: host.address,
        timeoutMs: options.timeoutMs ?? 2000,
        ...(tls ? { tls } : {}),
        ...(via ? { via } : {}),
      },
    };
  });
  return { members, close: async () => void (await Promise.allSettled(connections.map((c) => c.close()))) };
}
