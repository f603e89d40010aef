// What etcd's membership errors mean and what quorum does about each (DESIGN.md, "Messages and what the roles
// do about them"). etcdctl prints JSON log lines and then `Error: <message>` on stderr; the classification
// reads the message wherever it appears, since 3.4, 3.5 and 3.6 word the prefix differently.

export type EtcdMessageKind =
  | 'already-bootstrapped'
  | 'cluster-id-mismatch'
  | 'member-exists'
  | 'not-enough-started'
  | 'too-many-learners'
  | 'unhealthy-cluster'
  | 'learner-not-ready'
  | 'not-a-learner'
  | 'member-not-found'
  | 'unreachable'
  | 'other';

export interface EtcdMessageClass {
  kind: EtcdMessageKind;
  /** Retried inside the module, with backoff, for a bounded time (the condition passes by itself). */
  retry: boolean;
  /** What the run does, or what would fix it: appended to the failure message. */
  action: string;
}

/** In order: the first rule with a needle in the message wins (the in-sync promote message before the plain one). */
const rules: readonly { needles: readonly string[]; class: EtcdMessageClass }[] = [
  {
    needles: ['has already been bootstrapped'],
    class: {
      kind: 'already-bootstrapped',
      retry: false,
      action: 'the member started with initial-cluster-state new on an empty data dir: remove it, move the data dir aside, add it again and start it with existing',
    },
  },
  {
    needles: ['cluster ID mismatch'],
    class: {
      kind: 'cluster-id-mismatch',
      retry: false,
      action: 'the data dir belongs to another cluster: stop that etcd, move its data dir aside, remove and add the member again',
    },
  },
  {
    needles: ['Peer URLs already exists', 'member ID already exist'],
    class: { kind: 'member-exists', retry: false, action: 'an earlier add went through (its reply was lost): the member with these peer URLs is reused' },
  },
  {
    needles: ['not enough started members'],
    class: {
      kind: 'not-enough-started',
      retry: true,
      action: 'a member that was added has not started yet: start it, or remove it with state=absent',
    },
  },
  {
    needles: ['too many learner members'],
    class: { kind: 'too-many-learners', retry: true, action: 'etcd allows one learner at a time: promote (or remove) the learner there is first' },
  },
  {
    needles: ['unhealthy cluster'],
    class: {
      kind: 'unhealthy-cluster',
      retry: true,
      action: 'a voting member is down or not yet connected (on 3.4 for a few seconds after a promotion): bring it back, or remove a dead member before adding one',
    },
  },
  {
    needles: ['can only promote a learner member which is in sync with leader'],
    class: { kind: 'learner-not-ready', retry: false, action: 'the learner has not caught up with the leader yet: retry (until/retries) once it has' },
  },
  {
    needles: ['can only promote a learner member'],
    class: { kind: 'not-a-learner', retry: false, action: 'the member is a voter already' },
  },
  {
    needles: ['member not found'],
    class: { kind: 'member-not-found', retry: false, action: 'the member is no longer in the cluster: read the membership again (state=info)' },
  },
  {
    needles: ['context deadline exceeded', 'connection refused', 'all SubConns are in TransientFailure', 'no such host', 'i/o timeout'],
    class: { kind: 'unreachable', retry: false, action: 'no endpoint answered: check endpoints, certificates, and that a quorum of members runs' },
  },
];

const other: EtcdMessageClass = { kind: 'other', retry: false, action: '' };

/** Classifies etcd's message (give it the error line: etcdctl's log lines may mention an earlier failure). */
export function classifyEtcdMessage(message: string): EtcdMessageClass {
  return rules.find((rule) => rule.needles.some((needle) => message.includes(needle)))?.class ?? other;
}

/**
 * Every kind with the fixed strings of its messages, in the order they must be tried (for the shell loop on
 * the host, which has to test them in the same order: the in-sync promote message contains the plain one).
 */
export function messageRules(): readonly { kind: EtcdMessageKind; needles: readonly string[]; retry: boolean }[] {
  return rules.map((rule) => ({ kind: rule.class.kind, needles: rule.needles, retry: rule.class.retry }));
}

/**
 * The one line of etcdctl's output that says what went wrong: its last `Error: ...` line, else the last line
 * that is not a JSON log record, else the last line.
 */
export function etcdErrorLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const error = [...lines].reverse().find((l) => l.startsWith('Error:'));
  if (error) return error.slice('Error:'.length).trim();
  const plain = [...lines].reverse().find((l) => !l.startsWith('{'));
  return plain ?? lines.at(-1) ?? 'etcdctl failed with no output';
}

/** A failure message: etcd's own words, then what they mean for this run. */
export function explainEtcdFailure(what: string, output: string): string {
  const line = etcdErrorLine(output);
  const { action } = classifyEtcdMessage(line);
  return action === '' ? `${what}: ${line}` : `${what}: ${line} (${action})`;
}
