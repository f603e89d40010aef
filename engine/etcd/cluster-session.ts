import type { ClusterMember, ClusterState } from '../plan/cluster-state.js';
import { agreedLeader, NO_LEADER } from '../plan/cluster-state.js';
import type { GateSample } from '../plan/gate.js';
import { mapMembersToHosts } from '../plan/member-mapping.js';
import type { PlanHost } from '../plan/plan-host.js';
import type { ClusterAccess, ConnectionFor, MemberAccess } from './cluster-access.js';
import { EndpointClient } from './endpoint-client.js';

// One cluster, seen from the controller for the length of a rolling play: a client per member host (each
// through that host's connection), reused for every state read, gate sample and leadership move.

export class ClusterSession {
  private readonly clients = new Map<string, Promise<EndpointClient>>();

  constructor(
    readonly cluster: string,
    private readonly access: ClusterAccess,
    private readonly hosts: readonly PlanHost[],
    private readonly connectionFor: ConnectionFor,
    private readonly timeoutMs = 3000,
  ) {}

  private member(host: string): MemberAccess {
    const m = this.access.members.find((x) => x.host === host);
    if (!m) throw new Error(`${host} is not a host of cluster ${this.cluster}`);
    return m;
  }

  private client(host: string): Promise<EndpointClient> {
    let client = this.clients.get(host);
    if (!client) {
      const m = this.member(host);
      client = (async () =>
        EndpointClient.open({
          clientUrl: m.clientUrl,
          serverName: m.serverName,
          timeoutMs: this.timeoutMs,
          ...(this.access.tls ? { tls: this.access.tls } : {}),
          ...(m.direct ? {} : { via: await this.connectionFor(host) }),
        }))();
      // A failed open is not cached: the next call tries again (the host may be coming back).
      client.catch(() => this.clients.delete(host));
      this.clients.set(host, client);
    }
    return client;
  }

  /** The cluster's state now: the member list from the first host that answers, then each member's status. */
  async state(): Promise<ClusterState> {
    const failures: string[] = [];
    let list: Awaited<ReturnType<EndpointClient['memberList']>> | undefined;
    for (const m of this.access.members) {
      try {
        list = await (await this.client(m.host)).memberList();
        break;
      } catch (error) {
        failures.push(`${m.host}: ${firstLine(error)}`);
      }
    }
    if (!list) throw new Error(`cluster ${this.cluster}: no member answered for the member list (${failures.join('; ')})`);
    const members: ClusterMember[] = list.members.map((e) => ({
      id: e.id,
      name: e.name,
      peerUrls: e.peerUrls,
      clientUrls: e.clientUrls,
      role: e.isLearner ? 'learner' : 'voter',
      health: { healthy: false, reason: 'not read' },
    }));
    const mapping = mapMembersToHosts(members, this.hosts);
    await Promise.all(
      members.map(async (member) => {
        const host = mapping.hostByMember.get(member.id);
        if (!host) {
          member.health = { healthy: false, reason: 'no inventory host of this play is this member' };
          return;
        }
        try {
          const s = await (await this.client(host)).status();
          member.health =
            s.errors.length > 0
              ? { healthy: false, reason: s.errors.join('; ') }
              : {
                  healthy: true,
                  status: {
                    leaderId: s.leaderId,
                    raftIndex: s.raftIndex,
                    raftAppliedIndex: s.raftAppliedIndex,
                    raftTerm: s.raftTerm,
                    version: s.version,
                  },
                };
        } catch (error) {
          member.health = { healthy: false, reason: firstLine(error) };
        }
      }),
    );
    return { clusterId: list.clusterId, members, leaderId: agreedLeader(members), source: `live: cluster ${this.cluster}` };
  }

  /**
   * One gate sample: the leader's raft index first, then every member host's status. A member that does not
   * answer is reported as such; the gate decides what that means.
   */
  async sample(startedAt: number): Promise<GateSample> {
    const statuses = await Promise.all(
      this.access.members.map(async (m) => {
        try {
          return { host: m.host, status: await (await this.client(m.host)).status() };
        } catch {
          return { host: m.host, status: undefined };
        }
      }),
    );
    const leaders = statuses.map((s) => s.status?.leaderId).filter((l): l is string => l !== undefined && l !== NO_LEADER);
    const leaderId = leaders[0];
    const leaderHost = statuses.find((s) => s.status?.memberId === leaderId)?.host;
    let leaderIndexBefore = Number.POSITIVE_INFINITY;
    if (leaderHost) {
      try {
        leaderIndexBefore = (await (await this.client(leaderHost)).status()).raftIndex;
      } catch {
        leaderIndexBefore = Number.POSITIVE_INFINITY;
      }
    }
    // The members' applied indexes are read after the leader's index, so "caught up" means caught up to then.
    const after = await Promise.all(
      statuses.map(async ({ host, status }) => {
        if (!status) return { host, answered: false };
        try {
          const s = await (await this.client(host)).status();
          return { host, answered: true, leaderId: s.leaderId, appliedIndex: s.raftAppliedIndex };
        } catch {
          return { host, answered: false };
        }
      }),
    );
    return {
      atMs: Date.now() - startedAt,
      leaderIndexBefore: Number.isFinite(leaderIndexBefore) ? leaderIndexBefore : Number.MAX_SAFE_INTEGER,
      members: after,
    };
  }

  /** Asks the leader (on `fromHost`) to hand leadership to member `toId`. */
  async moveLeader(fromHost: string, toId: string): Promise<void> {
    await (await this.client(fromHost)).moveLeader(toId);
  }

  /** Clients of hosts that go down are dropped so that the next call dials afresh. */
  async forget(host: string): Promise<void> {
    const client = this.clients.get(host);
    this.clients.delete(host);
    if (client) await client.then((c) => c.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.allSettled(all.map((c) => c.then((x) => x.close())));
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
