import type { ClusterMember, ClusterState } from '../plan/cluster-state.js';
import { agreedLeader, NO_LEADER } from '../plan/cluster-state.js';
import type { GateSample } from '../plan/gate.js';
import { mapMembersToHosts } from '../plan/member-mapping.js';
import type { PlanHost } from '../plan/plan-host.js';
import type { ResourceOwner } from '../connect/types.js';
import { describeCallFailure } from './call-failure.js';
import type { ClusterAccess, ConnectionFor, MemberAccess } from './cluster-access.js';
import { EndpointClient, type EndpointStatus } from './endpoint-client.js';

// One cluster, seen from the controller for the length of a rolling play: a client per member host (each
// through that host's connection), reused for every state read, gate sample and leadership move.

export class ClusterSession {
  private readonly clients = new Map<string, Promise<EndpointClient>>();
  /** The leader's host as last seen (by a state read or a gate sample): only a hint of whom to ask first. */
  private lastLeaderHost: string | undefined;

  constructor(
    readonly cluster: string,
    private readonly access: ClusterAccess,
    private readonly hosts: readonly PlanHost[],
    private readonly connectionFor: ConnectionFor,
    private readonly timeoutMs = 3000,
    /** Closes the session's clients with the rest of the command if the session is not closed (connection-provider.ts). */
    private readonly owner?: ResourceOwner,
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
          ...(this.owner ? { owner: this.owner } : {}),
          ...(this.access.tls ? { tls: this.access.tls } : {}),
          ...(m.direct ? {} : { via: await this.connectionFor(host) }),
        }))();
      // A failed open is not cached: the next call tries again (the host may be coming back).
      client.catch(() => this.clients.delete(host));
      this.clients.set(host, client);
    }
    return client;
  }

  /**
   * The cluster's state now: the member list from the first host (in inventory order) that answers, and each
   * member's status. Every host is asked for both at once: a first read opens a connection, a tunnel and a TLS
   * session per host, and one host after another would pay for those in turn (about half a second of 5).
   */
  async state(): Promise<ClusterState> {
    const lists = this.access.members.map((m) => settle(this.client(m.host).then((c) => c.memberList())));
    const statuses = new Map(this.access.members.map((m) => [m.host, settle(this.client(m.host).then((c) => c.status()))]));
    const failures: string[] = [];
    let list: Awaited<ReturnType<EndpointClient['memberList']>> | undefined;
    for (const [index, m] of this.access.members.entries()) {
      const answer = await lists[index]!;
      if (answer.ok) {
        list = answer.value;
        break;
      }
      failures.push(`${m.host}: ${this.describe(m.host, answer.error).words}`);
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
          member.health = { healthy: false, reason: 'no inventory host of this play is this member', cause: 'not-mapped' };
          return;
        }
        const answer = (await statuses.get(host)) ?? (await settle(this.client(host).then((c) => c.status())));
        if (!answer.ok) {
          const failure = this.describe(host, answer.error);
          // A member added but never started has no name yet: that, not "not running", is what an SRE must know.
          const neverStarted = member.name === '' && member.clientUrls.length === 0 && failure.cause === 'not-running';
          member.health = neverStarted
            ? { healthy: false, reason: `added as a ${member.role} but never started`, cause: 'not-started', detail: failure.detail }
            : { healthy: false, reason: failure.words, cause: failure.cause, detail: failure.detail };
          return;
        }
        const s = answer.value;
        // etcd reports a member that runs but has lost its leader with an error; it is up, and counted so.
        const leaderless = s.errors.length > 0 && s.errors.every((e) => /no leader/i.test(e));
        member.health =
          s.errors.length > 0
            ? leaderless
              ? { healthy: false, reason: 'answers but sees no leader', cause: 'no-leader' }
              : { healthy: false, reason: `answers with errors: ${s.errors.join('; ')}`, cause: 'alarm' }
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
      }),
    );
    const leaderId = agreedLeader(members);
    // The next gate sample asks this host first for the leader's index (leaderIndex below).
    this.lastLeaderHost = leaderId === undefined ? undefined : mapping.hostByMember.get(leaderId);
    return { clusterId: list.clusterId, members, leaderId, source: `live: cluster ${this.cluster}` };
  }

  /**
   * One gate sample: the leader's raft index first, then every member host's status. A member that does not
   * answer is reported as such; the gate decides what that means.
   */
  async sample(startedAt: number): Promise<GateSample> {
    const leaderIndexBefore = await this.leaderIndex();
    // The members' applied indexes are read after the leader's index, so "caught up" means caught up to then.
    const after = await Promise.all(this.access.members.map(async (m) => ({ host: m.host, status: await this.tryStatus(m.host) })));
    const leaderIds = new Set(after.flatMap((a) => (a.status ? [a.status.leaderId] : [])));
    this.lastLeaderHost = leaderIds.size === 1 ? after.find((a) => a.status !== undefined && a.status.memberId === a.status.leaderId)?.host : undefined;
    return {
      atMs: Date.now() - startedAt,
      leaderIndexBefore,
      members: after.map(({ host, status }) =>
        status ? { host, answered: true, leaderId: status.leaderId, appliedIndex: status.raftAppliedIndex } : { host, answered: false },
      ),
    };
  }

  /**
   * The leader's raft index now. The host that led at the last sample is asked alone first: while it still says
   * it leads, that is one call instead of two rounds (a stale leader that still thinks it leads is caught by
   * the sample itself, where the others name another leader). Otherwise every member names its leader, and
   * the leader the first of them names is asked. No leader found: a bar nobody reaches, so the sample is bad.
   */
  private async leaderIndex(): Promise<number> {
    const known = this.lastLeaderHost === undefined ? undefined : await this.tryStatus(this.lastLeaderHost);
    if (known && known.leaderId === known.memberId) return known.raftIndex;
    const statuses = await Promise.all(this.access.members.map(async (m) => ({ host: m.host, status: await this.tryStatus(m.host) })));
    const leaderId = statuses.map((s) => s.status?.leaderId).find((l) => l !== undefined && l !== NO_LEADER);
    const leaderHost = statuses.find((s) => s.status?.memberId === leaderId)?.host;
    const leader = leaderHost === undefined ? undefined : await this.tryStatus(leaderHost);
    return leader?.raftIndex ?? Number.MAX_SAFE_INTEGER;
  }

  /** A failed call or open, in words (call-failure.ts). */
  private describe(host: string, error: unknown) {
    const m = this.member(host);
    return describeCallFailure(error, { endpoint: new URL(m.clientUrl).host, timeoutMs: this.timeoutMs });
  }

  private async tryStatus(host: string): Promise<EndpointStatus | undefined> {
    try {
      return await (await this.client(host)).status();
    } catch {
      return undefined;
    }
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

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A call's outcome as a value, so that calls started together can be awaited later, in any order. */
function settle<T>(call: Promise<T>): Promise<Settled<T>> {
  return call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}


