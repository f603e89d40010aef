import type { Connection, ResourceOwner } from '../connect/types.js';
import { describeCallFailure, EtcdCallError } from './call-failure.js';
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
  /** How long a call may take before the member counts as not answering (default 5 s). Each call is one attempt. */
  timeoutMs?: number;
  /** Closes this client with everything else the command opened, if its user does not close it first. */
  owner?: ResourceOwner;
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

export type PutIfAbsentResult = { created: true } | { created: false; value: string; leaseId: string };

type Etcd3Module = typeof import('etcd3');
type Etcd3Client = InstanceType<Etcd3Module['Etcd3']>;

let etcd3Module: Promise<Etcd3Module> | undefined;
/** etcd3 (with gRPC) costs ~120 ms to import: only runs that talk to etcd pay for it. */
function loadEtcd3(): Promise<Etcd3Module> {
  if (etcd3Module === undefined) quietIpServerNameWarning();
  etcd3Module ??= import('etcd3');
  return etcd3Module;
}

/**
 * Members are verified against their IP address (the SAN their certificate carries), so gRPC hands Node an IP as
 * the TLS server name, and Node warns (DEP0123: an IP is never sent as SNI, which etcd does not need). The check
 * itself is right; the warning would only confuse an operator reading the run, so that one code is dropped.
 */
function quietIpServerNameWarning(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const code = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0123') return;
    (emit as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}

/** How long a client waits for its host's SSH handshake before it goes on regardless (it usually takes 0.1-0.3 s). */
const HANDSHAKE_HEAD_START_MS = 500;

/** Resolves when `work` settles or after HANDSHAKE_HEAD_START_MS, whichever comes first; never rejects. */
function headStart(work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, HANDSHAKE_HEAD_START_MS)));
  return Promise.race([work.then(() => undefined, () => undefined), cap]).finally(() => clearTimeout(timer));
}

/**
 * etcd3's default fault handling retries a failed call three times and opens a circuit breaker per host: a call
 * then takes up to four deadlines, and a member that failed a few times is refused by the client itself while it
 * answers again (DESIGN.md). Each call here is one attempt within its deadline; callers retry where they mean to.
 */
const oneAttempt = {
  execute: <T>(fn: (context: { signal: AbortSignal; attempt: number }) => PromiseLike<T> | T): Promise<T> =>
    Promise.resolve().then(() => fn({ signal: new AbortController().signal, attempt: 0 })),
};

export class EndpointClient {
  private forget: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly target: EndpointTarget,
    readonly client: Etcd3Client,
    private readonly tunnel: Tunnel | undefined,
  ) {
    this.forget = target.owner?.adopt(this);
  }

  /** host:port of the member as the operator knows it (not the tunnel's local port). */
  get endpoint(): string {
    const url = new URL(this.target.clientUrl);
    return url.host;
  }

  /** Runs one call; a failure becomes an EtcdCallError whose message says what is wrong in words. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw new EtcdCallError(
        describeCallFailure(error, { endpoint: this.endpoint, timeoutMs: this.target.timeoutMs ?? 5000, ...(this.tunnel ? { tunnel: this.tunnel.health } : {}) }),
      );
    }
  }

  static async open(target: EndpointTarget): Promise<EndpointClient> {
    const url = new URL(target.clientUrl);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 2379));
    // The host's SSH handshake first, then etcd3 (an import of 0.2-0.5 s that holds the one thread): the
    // handshakes of every member's host, opened together, then spend their round trips while nothing else runs,
    // rather than wait behind the import and compete with the gRPC channels' set-up after it. Waited for at most
    // HANDSHAKE_HEAD_START_MS (a host that does not answer must not hold a state read up for its SSH timeout and
    // retries); a failure is left to the first call through the tunnel to report, as it was before.
    if (target.via?.connect) await headStart(target.via.connect());
    let tunnel: Tunnel | undefined;
    try {
      tunnel = target.via ? await openTunnel(target.via, url.hostname, port) : undefined;
    } catch (error) {
      throw new EtcdCallError(describeCallFailure(error, { endpoint: url.host, timeoutMs: target.timeoutMs ?? 5000 }));
    }
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
      faultHandling: { host: () => oneAttempt as never, global: oneAttempt as never },
    });
    return new EndpointClient(target, client, tunnel);
  }

  async status(): Promise<EndpointStatus> {
    const s = await this.call(() => this.client.maintenance.status());
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
    const r = await this.call(() => this.client.cluster.memberList({}));
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
    await this.call(() => this.client.maintenance.moveLeader({ targetID: targetId }));
  }

  /** A lease of `ttlSeconds`, granted by the cluster; its id as a decimal string. */
  async grantLease(ttlSeconds: number): Promise<string> {
    const r = await this.call(() => this.client.leaseClient.leaseGrant({ TTL: ttlSeconds }));
    return r.ID;
  }

  /**
   * One keep-alive for a lease, through this member: its new time to live in seconds. A lease the cluster no
   * longer knows (it expired or was revoked) is an error: the key it held is gone.
   */
  async keepLeaseAlive(leaseId: string): Promise<number> {
    return this.call(async () => {
      const stream = await this.client.leaseClient.leaseKeepAlive();
      try {
        const reply = await new Promise<{ TTL: string }>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('lease keep-alive: deadline exceeded')), this.target.timeoutMs ?? 5000);
          stream.on('data', (r: { TTL: string }) => {
            clearTimeout(timer);
            resolve(r);
          });
          stream.on('error', (error: Error) => {
            clearTimeout(timer);
            reject(error);
          });
          stream.write({ ID: leaseId });
        });
        const ttl = Number(reply.TTL);
        if (!(ttl > 0)) throw new Error(`lease ${leaseId} has expired`);
        return ttl;
      } finally {
        stream.end();
      }
    });
  }

  /** Seconds the lease has left, or undefined when it has expired or never existed. */
  async leaseTimeToLive(leaseId: string): Promise<number | undefined> {
    const r = await this.call(() => this.client.leaseClient.leaseTimeToLive({ ID: leaseId }));
    const ttl = Number(r.TTL);
    return ttl > 0 ? ttl : undefined;
  }

  /** Ends a lease now; the keys it holds are deleted with it. A lease that is already gone is not an error. */
  async revokeLease(leaseId: string): Promise<void> {
    try {
      await this.call(() => this.client.leaseClient.leaseRevoke({ ID: leaseId }));
    } catch (error) {
      const said = error instanceof EtcdCallError ? error.failure.detail : String(error);
      if (!/lease not found|requested lease not found/i.test(said)) throw error;
    }
  }

  /**
   * Writes `key` only if it does not exist (a transaction comparing its create revision with 0), attached to
   * `leaseId`. When it exists, says what it holds and under which lease, in the same round trip.
   */
  async putIfAbsent(key: string, value: string, leaseId: string): Promise<PutIfAbsentResult> {
    const keyBytes = Buffer.from(key);
    const r = await this.call(() => this.client.kv.txn({
      compare: [{ key: keyBytes, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: keyBytes, value: Buffer.from(value), lease: leaseId } }],
      failure: [{ request_range: { key: keyBytes } }],
    }));
    if (r.succeeded) return { created: true };
    const existing = r.responses[0]?.response_range?.kvs[0];
    // Deleted between the compare and the range: nobody holds it now, but this try did not take it either.
    if (existing === undefined) return { created: false, value: '', leaseId: '0' };
    return { created: false, value: existing.value.toString(), leaseId: existing.lease };
  }

  /** The value of `key` and the lease it is attached to ('0': none), or undefined when it does not exist. */
  async getWithLease(key: string): Promise<{ value: string; leaseId: string } | undefined> {
    const r = await this.call(() => this.client.kv.range({ key: Buffer.from(key) }));
    const found = r.kvs[0];
    return found === undefined ? undefined : { value: found.value.toString(), leaseId: found.lease };
  }

  /** Closes the gRPC channel and the tunnel; safe to call twice. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.forget?.();
      this.forget = undefined;
      this.client.close();
      await this.tunnel?.close();
    })();
    return this.closing;
  }
}
