import type { ClusterMember, ClusterState } from '../plan/cluster-state.js';
import { agreedLeader } from '../plan/cluster-state.js';
import type { Connection } from '../connect/types.js';
import { EndpointClient, type EndpointStatus, type EtcdTls, type MemberEntry } from './endpoint-client.js';

// Reads a cluster's state live, into the same ClusterState the planner gets from a captured file:
// the member list from the first seed endpoint that answers, then each member's own status through a client
// of its own (etcd3 would otherwise send every call to a random member).

export interface LiveStateOptions {
  /** Client URLs to ask for the member list, tried in order (usually every member's). */
  seeds: { clientUrl: string; serverName?: string; via?: Connection }[];
  tls?: EtcdTls;
  /** How each member is reached: through its host's connection, or directly when undefined. */
  route: (member: MemberEntry) => { via?: Connection; serverName?: string };
  timeoutMs?: number;
}

export async function readLiveClusterState(options: LiveStateOptions): Promise<ClusterState> {
  const failures: string[] = [];
  let list: { clusterId: string; members: MemberEntry[] } | undefined;
  for (const seed of options.seeds) {
    const client = await EndpointClient.open({ ...seed, ...optional(options), timeoutMs: options.timeoutMs ?? 5000 });
    try {
      list = await client.memberList();
      break;
    } catch (err) {
      failures.push(`${seed.clientUrl}: ${errorText(err)}`);
    } finally {
      await client.close();
    }
  }
  if (!list) {
    throw new Error(`no etcd member answered for the member list:\n  ${failures.join('\n  ')}`);
  }
  const members = await Promise.all(list.members.map((m) => readMember(m, options)));
  return {
    clusterId: list.clusterId,
    members,
    leaderId: agreedLeader(members),
    source: `live: ${options.seeds.map((s) => s.clientUrl).join(', ')}`,
  };
}

async function readMember(entry: MemberEntry, options: LiveStateOptions): Promise<ClusterMember> {
  const base = {
    id: entry.id,
    name: entry.name,
    peerUrls: entry.peerUrls,
    clientUrls: entry.clientUrls,
    role: entry.isLearner ? ('learner' as const) : ('voter' as const),
  };
  const clientUrl = entry.clientUrls[0];
  // A member added but never started has no client URL yet.
  if (!clientUrl) return { ...base, health: { healthy: false, reason: 'not started (no client URL)' } };
  let client: EndpointClient | undefined;
  try {
    client = await EndpointClient.open({
      clientUrl,
      ...options.route(entry),
      ...optional(options),
      timeoutMs: options.timeoutMs ?? 5000,
    });
    const status: EndpointStatus = await client.status();
    if (status.errors.length > 0) return { ...base, health: { healthy: false, reason: status.errors.join('; ') } };
    return {
      ...base,
      health: {
        healthy: true,
        status: {
          leaderId: status.leaderId,
          raftIndex: status.raftIndex,
          raftAppliedIndex: status.raftAppliedIndex,
          raftTerm: status.raftTerm,
          version: status.version,
        },
      },
    };
  } catch (err) {
    return { ...base, health: { healthy: false, reason: errorText(err) } };
  } finally {
    await client?.close();
  }
}

function optional(options: LiveStateOptions): { tls?: EtcdTls } {
  return options.tls ? { tls: options.tls } : {};
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}
