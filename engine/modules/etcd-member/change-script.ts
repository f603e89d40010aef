import { shellQuote } from '../../connect/local.js';
import { etcdctlCommand, type EtcdctlAccess } from './etcdctl-command.js';
import { messageRules, type EtcdMessageKind } from './etcd-messages.js';

// One membership change as one shell loop on the host: run it; on a message that passes by itself (unhealthy
// cluster right after a promotion on 3.4, a learner not yet promoted, a member not yet started) wait with
// backoff (0.5, 1, 2, 2, ... s) until `retrySeconds` are up; on a message that says the change is already
// in place, go on; then print the membership as it is now, after a marker, for the module's result.

export const listMarker = '__quorum_member_list__';
export const retryMarker = '__quorum_retry__';
export const alreadyMarker = '__quorum_already__';
/** Exit status when the retried condition did not pass in time. */
export const gaveUpStatus = 75;

export interface MembershipChange {
  /** etcdctl's arguments: ['member', 'add', name, '--peer-urls=...', '--learner']. */
  args: readonly string[];
  /** Messages that mean the change is in place already (a lost reply, someone else did it). */
  alreadyDone: readonly EtcdMessageKind[];
  retrySeconds: number;
}

function casePattern(needles: readonly string[]): string {
  return needles.map((n) => `*${shellQuote(n)}*`).join('|');
}

/** One arm of the `case` per kind of message, in classification order: go on, retry, or fail. */
function caseArms(alreadyDone: readonly EtcdMessageKind[]): string[] {
  return messageRules().flatMap((rule) => {
    const pattern = `    ${casePattern(rule.needles)})`;
    if (alreadyDone.includes(rule.kind)) return [`${pattern} printf '%s %s\\n' '${alreadyMarker}' "$err"; break ;;`];
    if (rule.retry) {
      return [
        pattern,
        `      if [ "$(date +%s)" -ge "$deadline" ]; then printf '%s\\n' "$out" >&2; exit ${gaveUpStatus}; fi`,
        `      printf '%s %s\\n' '${retryMarker}' "$err"`,
        '      sleep "$pause"',
        '      case "$pause" in 0.5) pause=1 ;; 1) pause=2 ;; esac ;;',
      ];
    }
    return [`${pattern} printf '%s\\n' "$out" >&2; exit "$rc" ;;`];
  });
}

export function changeScript(access: EtcdctlAccess, change: MembershipChange): string {
  const run = etcdctlCommand(access, change.args);
  const list = etcdctlCommand(access, ['member', 'list', '-w', 'json']);
  return [
    `deadline=$(( $(date +%s) + ${change.retrySeconds} ))`,
    'pause=0.5',
    'while :; do',
    `  out=$(${run} 2>&1); rc=$?`,
    '  [ "$rc" -eq 0 ] && break',
    `  err=$(printf '%s\\n' "$out" | grep '^Error:' | tail -n 1)`,
    '  case "$err" in',
    ...caseArms(change.alreadyDone),
    `    *) printf '%s\\n' "$out" >&2; exit "$rc" ;;`,
    '  esac',
    'done',
    `printf '%s\\n' '${listMarker}'`,
    `exec ${list}`,
  ].join('\n');
}

export interface ChangeOutcome {
  /** The lines etcd answered with before each retry. */
  retried: string[];
  /** etcd's message when the change was found in place already. */
  already?: string;
  /** The member list JSON printed after the change, when it got that far. */
  listJson?: string;
}

export function readChangeOutput(stdout: string): ChangeOutcome {
  const at = stdout.indexOf(`${listMarker}\n`);
  const head = at < 0 ? stdout : stdout.slice(0, at);
  const lines = head.split('\n');
  const retried = lines.filter((l) => l.startsWith(`${retryMarker} `)).map((l) => l.slice(retryMarker.length + 1));
  const already = lines.find((l) => l.startsWith(`${alreadyMarker} `))?.slice(alreadyMarker.length + 1);
  return {
    retried,
    ...(already !== undefined ? { already } : {}),
    ...(at >= 0 ? { listJson: stdout.slice(at + listMarker.length + 1) } : {}),
  };
}
