import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { changeScript, gaveUpStatus, readChangeOutput, type MembershipChange } from './etcd-member/change-script.js';
import { dataDirQuery, dataDirValue, judgeDataDir, type DataDirFacts } from './etcd-member/data-dir.js';
import { explainEtcdFailure } from './etcd-member/etcd-messages.js';
import { chooseMembership, memberListPerEndpoint, readEndpointAnswers, type ChosenMembership } from './etcd-member/endpoint-answers.js';
import { etcdctlCommand, splitStderr, withStderr, type EtcdctlAccess } from './etcd-member/etcdctl-command.js';
import { parseEndpointHealth, type EndpointHealth } from './etcd-member/health-json.js';
import { memberIdToHex } from './etcd-member/member-ids.js';
import { findMember, membershipValues, removalRefusal, type MemberTarget } from './etcd-member/membership.js';
import { parseMemberList, type EtcdMember, type Membership } from './etcd-member/membership-json.js';
import type { FactOutput, JsonObject, ModulePlan, StepOutput } from './types.js';

// quorum.etcd.etcd_member: reads and changes an etcd cluster's membership with etcdctl run ON the targeted
// host (which needs only etcdctl and the client certificate there). One change per task, in the order raft
// wants: add as a learner, promote once etcd says the learner is in sync, remove only while quorum holds.
// Every state is idempotent: the entry with these peer URLs is the member, whoever added it.

export const etcdMemberSpec = {
  options: {
    endpoints: { type: 'list', elements: 'str', required: true },
    ca_file: { type: 'path' },
    cert_file: { type: 'path' },
    key_file: { type: 'path' },
    name: { type: 'str' },
    peer_urls: { type: 'list', elements: 'str' },
    state: { type: 'str', default: 'info', choices: ['info', 'learner', 'voter', 'absent'] },
    /** Seconds for etcdctl to dial and for each request. */
    command_timeout: { type: 'int', default: 5 },
    /** Seconds to keep retrying a membership change that etcd refuses for a passing reason (unhealthy cluster). */
    retry_timeout: { type: 'int', default: 15 },
    /** The host's data dir: read (never changed) to tell whether it holds a stale member. */
    data_dir: { type: 'path' },
  },
  requiredIf: [
    ['state', 'learner', ['name', 'peer_urls']],
    ['state', 'voter', ['name', 'peer_urls'], true],
    ['state', 'absent', ['name', 'peer_urls'], true],
  ],
  requiredTogether: [['cert_file', 'key_file']],
} as const;

type EtcdMemberArgs = ArgsOf<typeof etcdMemberSpec>;

type Read<T> = { ok: T } | { error: string };

interface EtcdMemberFacts {
  membership: ChosenMembership | { error: string };
  health?: Read<EndpointHealth[]>;
  dataDir?: DataDirFacts;
}

function accessOf(args: EtcdMemberArgs): EtcdctlAccess {
  return {
    endpoints: args.endpoints,
    ...(args.ca_file !== undefined ? { caFile: args.ca_file } : {}),
    ...(args.cert_file !== undefined ? { certFile: args.cert_file } : {}),
    ...(args.key_file !== undefined ? { keyFile: args.key_file } : {}),
    commandTimeout: args.command_timeout,
  };
}

function targetOf(args: EtcdMemberArgs): MemberTarget | undefined {
  if (args.name === undefined && args.peer_urls === undefined) return undefined;
  return { ...(args.name !== undefined ? { name: args.name } : {}), peerUrls: args.peer_urls ?? [] };
}

function readQuery<T>(what: string, endpoints: readonly string[], parse: (out: string) => T, acceptFailedRc = false) {
  return ({ stdout, rc }: FactOutput): Read<T> => {
    const { out, err } = splitStderr(stdout);
    if (rc !== 0 && !(acceptFailedRc && out.includes('['))) {
      return { error: explainEtcdFailure(`etcdctl ${what} on ${endpoints.join(',')}`, err || out || `exit status ${rc}`) };
    }
    try {
      return { ok: parse(out) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };
}

/** Everything registered about the membership and the data dir, from the target's point of view. */
function valuesOf(args: EtcdMemberArgs, membership: Membership, dataDir: DataDirFacts | undefined): JsonObject {
  const target = targetOf(args);
  const values = membershipValues(membership, target);
  if (args.data_dir !== undefined && dataDir !== undefined) {
    const member = target ? findMember(membership.members, target) : undefined;
    values['data_dir'] = dataDirValue(args.data_dir, dataDir, judgeDataDir(dataDir, membership.clusterId, member));
  }
  return values;
}

function failed(msg: string, values: JsonObject = {}): ModulePlan {
  return { changed: false, failed: true, msg, steps: [], values };
}

function describeMember(member: EtcdMember): string {
  const role = member.isLearner ? 'learner' : 'voter';
  return `${member.name || '(not started)'} ${memberIdToHex(member.id)} (${role}${member.name === '' ? ', never started' : ''})`;
}

/** The plan of one membership change: predicted in check mode, read back from the cluster otherwise. */
function changePlan(
  args: EtcdMemberArgs,
  facts: EtcdMemberFacts,
  change: MembershipChange & { what: string; predicted: Membership; endpoints: readonly string[] },
  check: boolean,
): ModulePlan {
  const access = { ...accessOf(args), endpoints: change.endpoints };
  const predictedValues = valuesOf(args, change.predicted, facts.dataDir);
  if (check) return { changed: true, steps: [], msg: `would ${change.what}`, values: predictedValues };
  return {
    changed: true,
    msg: change.what,
    values: predictedValues,
    steps: [
      {
        kind: 'exec',
        command: changeScript(access, change),
        mustSucceed: false,
        timeoutMs: (change.retrySeconds + 4 * args.command_timeout + 30) * 1000,
      },
    ],
    complete(outputs: readonly StepOutput[]) {
      const output = outputs[0];
      if (!output) return { changed: false, failed: true, msg: `${change.what}: the step did not run` };
      const outcome = readChangeOutput(output.stdout);
      const retries = { membership_retries: outcome.retried };
      if (output.rc !== 0 && outcome.listJson === undefined) {
        const gaveUp = output.rc === gaveUpStatus ? ` (still refused after ${change.retrySeconds} s of retries)` : '';
        return { changed: false, failed: true, msg: `${explainEtcdFailure(change.what, output.stderr || output.stdout)}${gaveUp}`, values: retries };
      }
      let after: Membership;
      try {
        after = parseMemberList(outcome.listJson ?? '');
      } catch (error) {
        const why = output.stderr.trim() || (error instanceof Error ? error.message : String(error));
        return { changed: outcome.already === undefined, failed: true, msg: `${change.what} went through, but reading the members after it failed: ${why}`, values: retries };
      }
      const changed = outcome.already === undefined;
      const msg = changed ? change.what : `${change.what}: in place already (${outcome.already})`;
      return { changed, msg, values: { ...valuesOf(args, after, facts.dataDir), ...retries } };
    },
  };
}

function planLearner(args: EtcdMemberArgs, facts: EtcdMemberFacts, chosen: ChosenMembership, check: boolean): ModulePlan {
  const { membership } = chosen;
  const name = args.name!;
  const peerUrls = args.peer_urls!;
  const existing = findMember(membership.members, { name, peerUrls });
  const values = valuesOf(args, membership, facts.dataDir);
  if (existing) {
    if (existing.name !== '' && existing.name !== name) {
      return failed(`the peer URLs ${peerUrls.join(',')} belong to member ${describeMember(existing)}, not ${name}: remove it first (state=absent) or give its name`, values);
    }
    return { changed: false, steps: [], msg: `member ${name} is in the cluster: ${describeMember(existing)}`, values };
  }
  const sameName = membership.members.find((m) => m.name === name);
  if (sameName) {
    return failed(`a member named ${name} exists with other peer URLs (${sameName.peerUrls.join(',')}): remove it first (state=absent)`, values);
  }
  const added: EtcdMember = { id: '', name: '', peerUrls: [...peerUrls], clientUrls: [], isLearner: true };
  return changePlan(args, facts, {
    what: `add ${name} (${peerUrls.join(',')}) as a learner`,
    args: ['member', 'add', name, `--peer-urls=${peerUrls.join(',')}`, '--learner'],
    alreadyDone: ['member-exists'],
    retrySeconds: args.retry_timeout,
    endpoints: chosen.endpoints,
    predicted: { ...membership, members: [...membership.members, added] },
  }, check);
}

function planVoter(args: EtcdMemberArgs, facts: EtcdMemberFacts, chosen: ChosenMembership, check: boolean): ModulePlan {
  const { membership } = chosen;
  const target = targetOf(args)!;
  const existing = findMember(membership.members, target);
  const values = valuesOf(args, membership, facts.dataDir);
  const label = args.name ?? target.peerUrls.join(',');
  if (!existing) return failed(`${label} is not a member of cluster ${membership.clusterId}: add it first (state=learner)`, values);
  if (!existing.isLearner) return { changed: false, steps: [], msg: `member ${label} is a voter`, values };
  return changePlan(args, facts, {
    what: `promote ${label} (${memberIdToHex(existing.id)}) to a voter`,
    args: ['member', 'promote', memberIdToHex(existing.id)],
    alreadyDone: ['not-a-learner'],
    retrySeconds: args.retry_timeout,
    endpoints: chosen.endpoints,
    predicted: { ...membership, members: membership.members.map((m) => (m === existing ? { ...m, isLearner: false } : m)) },
  }, check);
}

function planAbsent(args: EtcdMemberArgs, facts: EtcdMemberFacts, chosen: ChosenMembership, check: boolean): ModulePlan {
  const { membership } = chosen;
  const target = targetOf(args)!;
  const existing = findMember(membership.members, target);
  const values = valuesOf(args, membership, facts.dataDir);
  const label = args.name ?? target.peerUrls.join(',');
  if (!existing) return { changed: false, steps: [], msg: `${label} is not a member`, values };
  const health = facts.health ?? { ok: [] };
  if ('error' in health) return failed(health.error, values);
  const refusal = removalRefusal(membership.members, existing, health.ok);
  if (refusal) return failed(refusal, values);
  return changePlan(args, facts, {
    what: `remove ${describeMember(existing)}`,
    args: ['member', 'remove', memberIdToHex(existing.id)],
    alreadyDone: ['member-not-found'],
    retrySeconds: args.retry_timeout,
    endpoints: chosen.endpoints,
    predicted: { ...membership, members: membership.members.filter((m) => m !== existing) },
  }, check);
}

function planFor(args: EtcdMemberArgs, facts: EtcdMemberFacts, chosen: ChosenMembership, check: boolean): ModulePlan {
  switch (args.state) {
    case 'info':
      return { changed: false, steps: [], values: valuesOf(args, chosen.membership, facts.dataDir) };
    case 'learner':
      return planLearner(args, facts, chosen, check);
    case 'voter':
      return planVoter(args, facts, chosen, check);
    case 'absent':
      return planAbsent(args, facts, chosen, check);
  }
}

export const etcd_member = defineModule<typeof etcdMemberSpec, EtcdMemberFacts>(etcdMemberSpec, {
  name: 'etcd_member',
  gather(args) {
    const access = accessOf(args);
    const queries: { [K in keyof EtcdMemberFacts]-?: { command: string; parse(output: FactOutput): EtcdMemberFacts[K] } } = {
      membership: {
        command: memberListPerEndpoint(access),
        parse: ({ stdout }) => chooseMembership(readEndpointAnswers(args.endpoints, stdout)),
      },
      // etcdctl exits 1 when any member is unhealthy, yet prints the whole list: that list is the answer.
      health: {
        command: withStderr(etcdctlCommand(access, ['endpoint', 'health', '--cluster', '-w', 'json'])),
        parse: readQuery('endpoint health', args.endpoints, parseEndpointHealth, true),
      },
      dataDir: dataDirQuery(args.data_dir ?? ''),
    };
    return {
      membership: queries.membership,
      ...(args.state === 'absent' ? { health: queries.health } : {}),
      ...(args.data_dir !== undefined ? { dataDir: queries.dataDir } : {}),
    };
  },
  plan(args, facts, _local, ctx): ModulePlan {
    if ('error' in facts.membership) return failed(facts.membership.error);
    const chosen = facts.membership;
    const plan = planFor(args, facts, chosen, ctx.check);
    // Endpoints of another cluster (or that did not answer) are said in every result, so that a run shows them.
    const ignored: JsonObject[] = chosen.ignored.map((i) => ({ endpoint: i.endpoint, reason: i.reason }));
    const complete = plan.complete;
    return {
      ...plan,
      values: { ...plan.values, ignored_endpoints: ignored },
      ...(complete
        ? { complete: (outputs: readonly StepOutput[]) => { const r = complete(outputs); return { ...r, values: { ...r.values, ignored_endpoints: ignored } }; } }
        : {}),
    };
  },
});
