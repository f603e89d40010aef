import { explainEtcdFailure } from './etcd-messages.js';
import { etcdctlCommand, type EtcdctlAccess } from './etcdctl-command.js';
import { parseMemberList, type Membership } from './membership-json.js';

// The membership is asked of every endpoint on its own (in parallel on the host), not of all of them through
// one etcdctl: etcdctl would take whichever answers first, and an endpoint in the list may belong to another
// cluster (a host not joined yet that still runs the etcd of its stale data dir). The cluster most endpoints
// answer for is the one; endpoints of another cluster are set aside, and later changes go only to the rest.

const answerMarker = '__quorum_endpoint_answer__';
const stderrMarker = '__quorum_endpoint_stderr__';

export interface EndpointAnswer {
  endpoint: string;
  rc: number;
  stdout: string;
  stderr: string;
}

/** Seconds to dial each endpoint for the read: a host of the group that is down (or not joined yet) costs this. */
const readDialSeconds = 2;

/** One `member list -w json` per endpoint, all at once, each answer printed after a marker with its rc. */
export function memberListPerEndpoint(access: EtcdctlAccess): string {
  const dialTimeout = Math.min(readDialSeconds, access.commandTimeout);
  const runs = access.endpoints.map((endpoint, i) => {
    const list = etcdctlCommand({ ...access, endpoints: [endpoint], dialTimeout }, ['member', 'list', '-w', 'json']);
    return `( ${list} >"$d/${i}.out" 2>"$d/${i}.err"; echo $? >"$d/${i}.rc" ) &`;
  });
  const prints = access.endpoints.map(
    (_endpoint, i) =>
      `printf '%s %s %s\\n' '${answerMarker}' ${i} "$(cat "$d/${i}.rc")"; cat "$d/${i}.out"; printf '\\n%s\\n' '${stderrMarker}'; cat "$d/${i}.err"`,
  );
  return ['d=$(mktemp -d) || exit 1', ...runs, 'wait', ...prints, 'rm -rf "$d"'].join('\n');
}

export function readEndpointAnswers(endpoints: readonly string[], stdout: string): EndpointAnswer[] {
  const parts = stdout.split(new RegExp(`^${answerMarker} `, 'm')).slice(1);
  return parts.flatMap((part) => {
    const newline = part.indexOf('\n');
    const [index, rc] = part.slice(0, newline).split(' ');
    const endpoint = endpoints[Number(index)];
    if (endpoint === undefined) return [];
    const body = part.slice(newline + 1);
    const at = body.indexOf(`\n${stderrMarker}\n`);
    return [{
      endpoint,
      rc: Number(rc ?? 1),
      stdout: at < 0 ? body : body.slice(0, at),
      stderr: at < 0 ? '' : body.slice(at + stderrMarker.length + 2).trim(),
    }];
  });
}

export interface ChosenMembership {
  membership: Membership;
  /** The endpoints that answered for that cluster. */
  endpoints: string[];
  /** Endpoints left out, with why. */
  ignored: { endpoint: string; reason: string }[];
}

/** The membership of the cluster most endpoints answer for; an error naming every endpoint when none does or they tie. */
export function chooseMembership(answers: readonly EndpointAnswer[]): ChosenMembership | { error: string } {
  const ignored: { endpoint: string; reason: string }[] = [];
  const byCluster = new Map<string, { membership: Membership; endpoints: string[] }>();
  for (const answer of answers) {
    if (answer.rc !== 0) {
      ignored.push({ endpoint: answer.endpoint, reason: explainEtcdFailure('member list', answer.stderr || answer.stdout || `exit status ${answer.rc}`) });
      continue;
    }
    let membership: Membership;
    try {
      membership = parseMemberList(answer.stdout);
    } catch (error) {
      ignored.push({ endpoint: answer.endpoint, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const group = byCluster.get(membership.clusterId) ?? { membership, endpoints: [] };
    group.endpoints.push(answer.endpoint);
    byCluster.set(membership.clusterId, group);
  }
  const ranked = [...byCluster.values()].sort((a, b) => b.endpoints.length - a.endpoints.length);
  const best = ranked[0];
  if (!best) {
    const reasons = ignored.map((i) => `${i.endpoint}: ${i.reason}`).join('; ');
    return { error: `no endpoint answered: ${reasons || 'no endpoints given'}` };
  }
  const rival = ranked[1];
  if (rival && rival.endpoints.length === best.endpoints.length) {
    return {
      error:
        `the endpoints answer for different clusters, as many for each: ${ranked.map((g) => `cluster ${g.membership.clusterId} (${g.endpoints.join(',')})`).join(' and ')}; ` +
        'give the endpoints of the cluster meant',
    };
  }
  for (const other of ranked.slice(1)) {
    for (const endpoint of other.endpoints) {
      ignored.push({ endpoint, reason: `answers for cluster ${other.membership.clusterId}, not ${best.membership.clusterId}` });
    }
  }
  return { membership: best.membership, endpoints: best.endpoints, ignored };
}
