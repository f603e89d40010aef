import type { Connection } from '../connect/types.js';
import { type Tunnel, openTunnel } from './tunnel.js';

// One etcd3 client per member endpoint. etcd3 sends each call to a random host of its list, so status,
// defragment and move-leader must go through a client that knows one endpoint only (DESIGN.md).

export interface EtcdTls {
  /** PEM contents, not paths: the controller reads them once. */
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

export interface EndpointTarget {
  /** The member's client URL as etcd advertises it, e.g. https://10.0.0.1:2379. */
  clientUrl: string;
  /** The name on the member's server certificate (usually the member's host name); the tunnel's address is not. */
  serverName?: string;
  /** When given, the client reaches the endpoint through this host's connection; otherwise it dials directly. */
  via?: Connection;
  tls?: EtcdTls;
  /** How long a call may take before the member counts as not answering. */
  timeoutMs?: number;
}

export interface EndpointStatus {
  memberId: string;
  clusterId: string;
  leaderId: string;
  raftIndex: number;
  raftAppliedIndex: number;
  raftTerm: number;
  version: string;
  dbSize: number;
  isLearner: boolean;
  errors: string[];
}

export interface MemberEntry {
  id: string;
  name: string;
  peerUrls: string[];
  clientUrls: string[];
  isLearner: boolean;
}

type Etcd3Module = typeof import('etcd3');
type Etcd3Client = InstanceType<Etcd3Module['Etcd3']>;

let etcd3Module: Promise<Etcd3Module> | undefined;
/** etcd3 (with gRPC) costs ~120 ms to import: only runs that talk to etcd pay for it. */
function loadEtcd3(): Promise<Etcd3Module> {
  etcd3Module ??= import('etcd3');
  return etcd3Module;
}

export class EndpointClient {
  private constructor(
    readonly target: EndpointTarget,
    readonly client: Etcd3Client,
    private readonly tunnel: Tunnel | undefined,
  ) {}

  static async open(target: EndpointTarget): Promise<EndpointClient> {
    const url = new URL(target.clientUrl);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 2379));
    const tunnel = target.via ? await openTunnel(target.via, url.hostname, port) : undefined;
    const dialHost = tunnel ? `127.0.0.1:${tunnel.port}` : `${url.hostname}:${port}`;
    const scheme = target.tls ? 'https' : 'http';
    const { Etcd3 } = await loadEtcd3();
    const grpcOptions: Record<string, string | number> = {};
    // Through a tunnel gRPC sees 127.0.0.1; the certificate names the member, so verify that name instead.
    const serverName = target.serverName ?? url.hostname;
    if (target.tls && tunnel) grpcOptions['grpc.ssl_target_name_override'] = serverName;
    const client = new Etcd3({
      hosts: `${scheme}://${dialHost}`,
      dialTimeout: target.timeoutMs ?? 5000,
      defaultCallOptions: () => ({ deadline: Date.now() + (target.timeoutMs ?? 5000) }),
      ...(target.tls
        ? { credentials: { rootCertificate: target.tls.ca, certChain: target.tls.cert, privateKey: target.tls.key } }
        : {}),
      grpcOptions,
    });
    return new EndpointClient(target, client, tunnel);
  }

  async status(): Promise<EndpointStatus> {
    const s = await this.client.maintenance.status();
    const raw = s as typeof s & { raftAppliedIndex?: string; isLearner?: boolean; errors?: string[] };
    return {
      memberId: s.header.member_id,
      clusterId: s.header.cluster_id,
      leaderId: s.leader,
      raftIndex: Number(s.raftIndex),
      // etcd before 3.4 has no applied index; the committed one is the closest it says.
      raftAppliedIndex: Number(raw.raftAppliedIndex ?? s.raftIndex),
      raftTerm: Number(s.raftTerm),
      version: s.version,
      dbSize: Number(s.dbSize),
      isLearner: raw.isLearner ?? false,
      errors: raw.errors ?? [],
    };
  }

  async memberList(): Promise<{ clusterId: string; members: MemberEntry[] }> {
    // memberList needs an argument, or gRPC fails to serialise the request (DESIGN.md).
    const r = await this.client.cluster.memberList({});
    return {
      clusterId: r.header.cluster_id,
      members: r.members.map((m) => ({
        id: m.ID,
        name: m.name,
        peerUrls: m.peerURLs,
        clientUrls: m.clientURLs,
        isLearner: (m as typeof m & { isLearner?: boolean }).isLearner ?? false,
      })),
    };
  }

  /** Hands leadership to `targetId`; etcd accepts this only from the current leader's endpoint. */
  async moveLeader(targetId: string): Promise<void> {
    await this.client.maintenance.moveLeader({ targetID: targetId });
  }

  async close(): Promise<void> {
    this.client.close();
    await this.tunnel?.close();
  }
}
