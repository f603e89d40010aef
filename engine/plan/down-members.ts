// How the planner counts a cluster's voters when some are not well, the same way on every read, and what it
// tells the SRE to do about it. A voter is DOWN when it does not answer (etcd not running, host unreachable over
// SSH, no answer in time, ...); a voter that answers but sees no leader is UP (it would vote again once enough
// members run) and is named as such. Quorum is lost when fewer than a majority of the voters are up.
//
// The way back depends on why they are down (cluster-state.ts's MemberDownCause):
// - etcd merely stopped on a host that answers: start it (playbooks/start-members.yml, which refuses a member
//   whose data dir is gone); its data dir is there, and a majority of data dirs is all raft needs;
// - a host unreachable over SSH, or an etcd that accepts connections and never answers: bring it back first;
// - a member gone for good (host or disk lost): replace it (remove it, join a new one) once quorum is back;
// - restore from a snapshot only when no majority of the members' data dirs survives.
import type { ClusterMember, MemberDownCause } from './cluster-state.js';
import { NO_LEADER } from './cluster-state.js';
import type { QuorumNumbers } from './quorum-math.js';

/** Written into hints where the command needs the inventory; the caller puts its -i arguments there. */
export const INVENTORY_PLACEHOLDER = '-i INVENTORY';

export interface DownVoter {
  name: string;
  reason: string;
  cause: MemberDownCause | undefined;
}

export interface VoterCount {
  /** Voters that do not answer. */
  down: DownVoter[];
  /** Voters that answer but see no leader. */
  leaderless: string[];
  /** Voters that answer (leader or not). */
  up: number;
}

/** Pure: the voters of a state, down or up, each named by `labelOf`. */
export function countVoters(voters: readonly ClusterMember[], labelOf: (member: ClusterMember) => string): VoterCount {
  const down: DownVoter[] = [];
  const leaderless: string[] = [];
  for (const member of voters) {
    const health = member.health;
    if (health.healthy) {
      if (health.status.leaderId === NO_LEADER) leaderless.push(labelOf(member));
    } else if (health.cause === 'no-leader') {
      leaderless.push(labelOf(member));
    } else {
      down.push({ name: labelOf(member), reason: health.reason, cause: health.cause });
    }
  }
  // In name order (h2 before h10), so that two reads of the same cluster print the same line.
  const byName = new Intl.Collator('en', { numeric: true }).compare;
  down.sort((a, b) => byName(a.name, b.name));
  leaderless.sort(byName);
  return { down, leaderless, up: voters.length - down.length };
}

const list = (names: readonly string[]): string => names.join(', ');
const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many);

/** The command that starts stopped members, with the placeholder for the caller's inventory. */
export function startCommand(hosts: readonly string[]): string {
  return `quorum run playbooks/start-members.yml ${INVENTORY_PLACEHOLDER} --limit ${hosts.join(',')}`;
}

/** Pure: why quorum is lost, with the numbers, in one sentence. */
export function quorumLostReason(numbers: QuorumNumbers, count: VoterCount): string {
  const down = count.down.map((m) => `${m.name}: ${m.reason}`).join('; ');
  const up =
    count.leaderless.length > 0
      ? `; ${list(count.leaderless)} ${plural(count.leaderless.length, 'answers', 'answer')} but ${plural(count.leaderless.length, 'sees', 'see')} no leader`
      : '';
  return `quorum is lost: ${count.down.length} of ${numbers.voters} voters are down (${down})${up}; quorum needs ${numbers.quorum} of ${numbers.voters} up, ${count.up} ${plural(count.up, 'is', 'are')}`;
}

/** Pure: what to do when quorum is lost, most likely way back first. */
export function quorumLostHint(numbers: QuorumNumbers, count: VoterCount): string {
  const need = numbers.quorum - count.up;
  const stopped = count.down.filter((m) => m.cause === 'not-running').map((m) => m.name);
  const unreachable = count.down.filter((m) => m.cause === 'host-unreachable').map((m) => m.name);
  const silent = count.down.filter((m) => m.cause === 'no-answer').map((m) => m.name);
  // A captured state says only that a member did not answer: starting it is the first thing to try, and safe.
  const unknown = count.down.filter((m) => m.cause === undefined).map((m) => m.name);
  const other = count.down.filter((m) => m.cause !== undefined && !['not-running', 'host-unreachable', 'no-answer'].includes(m.cause)).map((m) => m.name);
  const steps: string[] = [];
  if (stopped.length > 0) {
    const enough =
      stopped.length >= need
        ? `; ${need === stopped.length ? (need === 1 ? 'that brings' : 'starting them brings') : `starting any ${need} of them brings`} quorum back`
        : '';
    steps.push(`start the stopped ${plural(stopped.length, 'member', 'members')} (${list(stopped)}: ${plural(stopped.length, 'its host answers', 'their hosts answer')}, ${plural(stopped.length, 'its', 'their')} data dir should be intact): \`${startCommand(stopped)}\`${enough}`);
  }
  if (silent.length > 0) steps.push(`restart etcd on ${list(silent)} (${plural(silent.length, 'it accepts', 'they accept')} connections but never ${plural(silent.length, 'answers', 'answer')}: a stopped (SIGSTOP), hung or overloaded process)`);
  if (unreachable.length > 0) steps.push(`bring back ${list(unreachable)} (unreachable over SSH), then start ${plural(unreachable.length, 'its', 'their')} etcd`);
  if (unknown.length > 0) steps.push(`find out why ${list(unknown)} ${plural(unknown.length, 'does', 'do')} not answer; where etcd is merely stopped, start it: \`${startCommand(unknown)}\``);
  if (other.length > 0) steps.push(`fix ${list(other)} (see the reason above)`);
  steps.push(
    `a member that is gone for good (its host or disk lost) can be replaced once quorum is back; restore from a snapshot (etcd's disaster recovery) only if fewer than ${numbers.quorum} of the ${numbers.voters} members' data dirs survive`,
  );
  return `${steps.join('; ')}. A rolling play cannot run until then.`;
}

/** Pure: what to do when quorum holds but no further voter may go down because of members that stay down. */
export function membersDownHint(stayingDown: readonly DownVoter[]): string {
  const unreachable = stayingDown.filter((m) => m.cause === 'host-unreachable').map((m) => m.name);
  const others = stayingDown.filter((m) => m.cause !== 'host-unreachable');
  const stopped = others.filter((m) => m.cause === 'not-running').map((m) => m.name);
  const steps: string[] = [];
  if (unreachable.length > 0) {
    steps.push(`bring back ${list(unreachable)} (unreachable over SSH: this run cannot restart ${plural(unreachable.length, 'it', 'them')}; check that the host is up and sshd answers), then run again`);
  }
  if (others.length > 0) {
    const many = others.length > 1;
    const start = stopped.length > 0 ? ` (\`${startCommand(stopped)}\` starts a stopped one)` : '';
    steps.push(`bring ${list(others.map((m) => m.name))} back first${start}, or add ${many ? 'them' : 'it'} to this play's hosts (unhealthy members are restarted first)`);
  }
  steps.push(`a member gone for good (its host or disk lost) is replaced instead: remove it, then join a new one`);
  return steps.join('; ');
}
