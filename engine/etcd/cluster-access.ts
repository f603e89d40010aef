import { readFile } from 'node:fs/promises';
import type { Connection } from '../connect/types.js';
import type { EtcdTls } from './endpoint-client.js';

// How the controller reaches a cluster's members, from the inventory's variables:
//   etcd_client_url       the member's client URL (default: http(s)://<ansible_host>:2379)
//   etcd_server_name      the name its server certificate is checked against (default: ansible_host)
//   quorum_etcd_ca_file, quorum_etcd_cert_file, quorum_etcd_key_file
//                         controller paths of the CA and an admin client certificate; unset: plain HTTP
//   quorum_etcd_direct    true: dial the member directly instead of through the host's SSH connection

export interface MemberAccess {
  host: string;
  clientUrl: string;
  serverName: string;
  direct: boolean;
}

export interface ClusterAccess {
  members: MemberAccess[];
  tls: EtcdTls | undefined;
}

type Vars = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const flag = (value: unknown): boolean => value === true || (typeof value === 'string' && ['true', 'yes', '1'].includes(value.toLowerCase()));

/** Pure: the access to each member, from each host's (templated) variables. */
export function memberAccess(host: string, vars: Vars): MemberAccess {
  const address = text(vars.ansible_host) ?? host;
  const tls = text(vars.quorum_etcd_ca_file) !== undefined;
  return {
    host,
    clientUrl: text(vars.etcd_client_url) ?? `${tls ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:2379`,
    serverName: text(vars.etcd_server_name) ?? address,
    direct: flag(vars.quorum_etcd_direct),
  };
}

/** Reads the TLS material the first host names (a cluster shares one CA and one admin certificate). */
export async function clusterTls(vars: Vars): Promise<EtcdTls | undefined> {
  const ca = text(vars.quorum_etcd_ca_file);
  if (!ca) return undefined;
  const cert = text(vars.quorum_etcd_cert_file);
  const key = text(vars.quorum_etcd_key_file);
  if (!cert || !key) {
    throw new Error('quorum_etcd_ca_file is set but quorum_etcd_cert_file or quorum_etcd_key_file is not: set all three');
  }
  const [caPem, certPem, keyPem] = await Promise.all([readFile(ca), readFile(cert), readFile(key)]);
  return { ca: caPem, cert: certPem, key: keyPem };
}

/** The connection a member is reached through: its host's, unless direct. */
export type ConnectionFor = (host: string) => Promise<Connection>;
