// Table tests of the planner on the cases SREs meet: odd and even clusters, members already down (in the
// play or not), learners and joining hosts, the user's serial and max_unavailable, and the refusals.
import { describe, expect, it } from 'vitest';
import type { ClusterOutcome } from '../../../engine/plan/cluster-plan.js';
import { planCluster } from '../../../engine/plan/plan-cluster.js';
import type { BatchLimits } from '../../../engine/plan/batch-limits.js';
import type { RollingMembers } from '../../../engine/plan/rolling-members.js';
import { buildState, memberId, planHosts, type MemberSpec } from './cluster-builder.js';

function voters(count: number, down: readonly string[] = []): MemberSpec[] {
  return Array.from({ length: count }, (_, i) => ({ name: `v${i + 1}`, healthy: !down.includes(`v${i + 1}`) }));
}

/** One line per batch (`kind hosts up=N/V margin=M [move a->b]`), or the refusal's reason. */
function describeOutcome(outcome: ClusterOutcome): string[] {
  if (!outcome.ok) return [`refused: ${outcome.refusal.reason}`, `hint: ${outcome.refusal.hint}`];
  return outcome.plan.batches.map(
    (batch) =>
      `${batch.kind} ${batch.hosts.join(',')} up=${batch.votersUp}${batch.voters === outcome.plan.voters ? '' : `/${batch.voters}`} margin=${batch.margin}` +
      (batch.moveLeader ? ` move ${batch.moveLeader.from}->${batch.moveLeader.to}` : ''),
  );
}

interface Case {
  name: string;
  members: MemberSpec[];
  leader: string | undefined;
  play: string[];
  limits?: BatchLimits;
  /** The play's `rolling.members` (default all). */
  rolling?: RollingMembers;
  expected: string[];
}

const cases: Case[] = [
  {
    name: '5 voters: two followers at a time, the leader alone and last',
    members: voters(5),
    leader: 'v1',
    play: ['v1', 'v2', 'v3', 'v4', 'v5'],
    expected: ['followers v2,v3 up=3 margin=0', 'followers v4,v5 up=3 margin=0', 'leader v1 up=4 margin=1 move v1->v2'],
  },
  {
    name: "4 voters: one at a time (Kubespray's len // 2 would take 2 and lose quorum)",
    members: voters(4),
    leader: 'v3',
    play: ['v1', 'v2', 'v3', 'v4'],
    expected: [
      'followers v1 up=3 margin=0',
      'followers v2 up=3 margin=0',
      'followers v4 up=3 margin=0',
      'leader v3 up=3 margin=0 move v3->v1',
    ],
  },
  {
    name: '3 voters, one down and in the play: restarted first, it costs nothing',
    members: voters(3, ['v3']),
    leader: 'v1',
    play: ['v1', 'v2', 'v3'],
    expected: ['restart-unhealthy v3 up=2 margin=0', 'followers v2 up=2 margin=0', 'leader v1 up=2 margin=0 move v1->v2'],
  },
  {
    name: '5 voters, two down and in the play: both restarted first, then two at a time',
    members: voters(5, ['v4', 'v5']),
    leader: 'v1',
    play: ['v1', 'v2', 'v3', 'v4', 'v5'],
    expected: ['restart-unhealthy v4,v5 up=3 margin=0', 'followers v2,v3 up=3 margin=0', 'leader v1 up=4 margin=1 move v1->v2'],
  },
  {
    name: '5 voters, one down outside the play: one healthy voter at a time',
    members: voters(5, ['v5']),
    leader: 'v2',
    play: ['v1', 'v2', 'v3', 'v4'],
    expected: [
      'followers v1 up=3 margin=0',
      'followers v3 up=3 margin=0',
      'followers v4 up=3 margin=0',
      'leader v2 up=3 margin=0 move v2->v1',
    ],
  },
  {
    name: '3 voters, one learner, one host not yet a member: non-voters one per batch, before the voters',
    members: [...voters(3), { name: 'l4', role: 'learner' }],
    leader: 'v2',
    play: ['v1', 'v2', 'v3', 'l4', 'n5'],
    expected: [
      'non-voter l4 up=3 margin=1',
      'non-voter n5 up=3 margin=1',
      'followers v1 up=2 margin=0',
      'followers v3 up=2 margin=0',
      'leader v2 up=2 margin=0 move v2->v1',
    ],
  },
  {
    name: 'growing 3 to 5: each join counts the voter it adds (4 voters keep quorum 3, 5 keep 3)',
    members: voters(3),
    leader: 'v1',
    play: ['n4', 'n5'],
    rolling: 'joining',
    expected: ['non-voter n4 up=3 margin=1', 'non-voter n5 up=4/4 margin=1'],
  },
  {
    name: 'growing 4 to 6, one voter down: the margin counts it',
    members: voters(4, ['v2']),
    leader: 'v1',
    play: ['n5', 'n6'],
    rolling: 'joining',
    expected: ['non-voter n5 up=3 margin=0', 'non-voter n6 up=4/5 margin=1'],
  },
  {
    name: 'an unhealthy learner does not count against the voters',
    members: [...voters(3), { name: 'l4', role: 'learner', healthy: false }],
    leader: 'v1',
    play: ['v1', 'v2', 'v3'],
    expected: ['followers v2 up=2 margin=0', 'followers v3 up=2 margin=0', 'leader v1 up=2 margin=0 move v1->v2'],
  },
  {
    name: 'serial 1 lowers the batch of 7 voters from 3 to 1',
    members: voters(7),
    leader: 'v7',
    play: ['v5', 'v6', 'v7'],
    limits: { serial: 1 },
    expected: ['followers v5 up=6 margin=2', 'followers v6 up=6 margin=2', 'leader v7 up=6 margin=2 move v7->v5'],
  },
  {
    name: 'max_unavailable 2 below serial 5 on 7 voters',
    members: voters(7),
    leader: 'v1',
    play: ['v1', 'v2', 'v3', 'v4', 'v5'],
    limits: { serial: 5, maxUnavailable: 2 },
    expected: ['followers v2,v3 up=5 margin=1', 'followers v4,v5 up=5 margin=1', 'leader v1 up=6 margin=2 move v1->v2'],
  },
  {
    name: 'serial larger than tolerance cannot raise it',
    members: voters(3),
    leader: 'v1',
    play: ['v1', 'v2', 'v3'],
    limits: { serial: 3, maxUnavailable: 3 },
    expected: ['followers v2 up=2 margin=0', 'followers v3 up=2 margin=0', 'leader v1 up=2 margin=0 move v1->v2'],
  },
  {
    name: 'the leader with followers in the last batch hands over to a voter outside it',
    members: voters(5),
    leader: 'v2',
    play: ['v1', 'v2', 'v3'],
    expected: ['followers v1,v3 up=3 margin=0', 'leader v2 up=4 margin=1 move v2->v1'],
  },
  {
    name: 'only the leader in the play: leadership goes to a healthy voter outside the play',
    members: voters(3),
    leader: 'v1',
    play: ['v1'],
    expected: ['leader v1 up=2 margin=0 move v1->v2'],
  },
  {
    name: 'the leader outside the play: no hand-over',
    members: voters(5),
    leader: 'v5',
    play: ['v1', 'v2', 'v3'],
    expected: ['followers v1,v2 up=3 margin=0', 'followers v3 up=4 margin=1'],
  },
  {
    name: 'refused: one down outside the play leaves no room in 3 voters',
    members: voters(3, ['v3']),
    leader: 'v1',
    play: ['v1', 'v2'],
    expected: [
      'refused: no healthy voter can go down: 3 voters, quorum 2, tolerance 1, 1 unhealthy and not restarted by this play (v3); taking one more down would leave 1 up',
      "hint: bring v3 back first, or add it to this play's hosts (unhealthy members are restarted first); a member gone for good (its host or disk lost) is replaced instead: remove it, then join a new one",
    ],
  },
  {
    name: 'refused: two of four voters down is no quorum',
    members: voters(4, ['v3', 'v4']),
    leader: 'v1',
    play: ['v1', 'v2', 'v3', 'v4'],
    expected: [
      'refused: quorum is lost: 2 of 4 voters are down (v3: no endpoint status (it did not answer); v4: no endpoint status (it did not answer)); quorum needs 3 of 4 up, 2 are',
      "hint: find out why v3, v4 do not answer; where etcd is merely stopped, start it: `quorum run playbooks/start-members.yml -i INVENTORY --limit v3,v4`; a member that is gone for good (its host or disk lost) can be replaced once quorum is back; restore from a snapshot (etcd's disaster recovery) only if fewer than 3 of the 4 members' data dirs survive. A rolling play cannot run until then.",
    ],
  },
  {
    name: 'refused: a single voter tolerates nothing',
    members: voters(1),
    leader: 'v1',
    play: ['v1'],
    expected: [
      'refused: no healthy voter can go down: 1 voters, quorum 1, tolerance 0, 0 unhealthy and not restarted by this play (none); taking one more down would leave 0 up',
      'hint: a cluster of 1 voter tolerates no member down: grow it to 3 or more voters first',
    ],
  },
  {
    name: 'refused: two voters tolerate nothing either',
    members: voters(2),
    leader: 'v1',
    play: ['v2'],
    expected: [
      'refused: no healthy voter can go down: 2 voters, quorum 2, tolerance 0, 0 unhealthy and not restarted by this play (none); taking one more down would leave 1 up',
      'hint: a cluster of 2 voters tolerates no member down: grow it to 3 or more voters first',
    ],
  },
  {
    name: 'refused: no elected leader',
    members: voters(3),
    leader: undefined,
    play: ['v1'],
    expected: [
      'refused: no leader: 3 of 3 voters are up (v1, v2, v3 answer but see no leader), and none is the elected leader',
      'hint: an election is under way or the members cannot reach each other on their peer port (2380): wait a few seconds and plan again; if it lasts, check the peer network between the members',
    ],
  },
];

describe('planCluster', () => {
  it.each(cases)('$name', ({ members, leader, play, limits, rolling, expected }) => {
    const outcome = planCluster({ cluster: 'etcd', hosts: planHosts(play), state: buildState(members, leader), limits: limits ?? {}, ...(rolling ? { members: rolling } : {}) });
    expect(describeOutcome(outcome)).toEqual(expected);
  });

  it.each([
    [{ serial: 0 }, 'serial is 0: a batch needs at least one host'],
    [{ maxUnavailable: 1.5 }, 'rolling.max_unavailable is 1.5: a batch needs at least one host'],
  ])('rejects the caps %j', (limits, message) => {
    expect(() => planCluster({ cluster: 'etcd', hosts: planHosts(['v1']), state: buildState(voters(3), 'v1'), limits })).toThrow(message);
  });

  it.each([
    [
      'no state at all',
      undefined,
      ['refused: no state for cluster etcd', 'hint: give its state with --cluster-state, or let quorum read it live'],
    ],
    [
      'two members behind one address',
      {
        ...buildState(voters(3), 'v1'),
        members: buildState(voters(3), 'v1').members.map((m) => ({ ...m, name: '', peerUrls: ['http://v1.example:2380'] })),
      },
      [
        `refused: cannot tell which host is which member: host v1 (v1.example) matches member ${memberId(0)} (not started) and member ${memberId(1)} (not started) and member ${memberId(2)} (not started) by peer address`,
        'hint: give each host the ansible_host its member advertises, or name members after their hosts',
      ],
    ],
  ])('refuses with %s', (_name, state, expected) => {
    const outcome = planCluster({ cluster: 'etcd', hosts: planHosts(['v1']), state, limits: {} });
    expect(describeOutcome(outcome)).toEqual(expected);
  });
});

describe('planCluster with a host unreachable over SSH', () => {
  const unreachable = (state: ReturnType<typeof buildState>, name: string) => ({
    ...state,
    members: state.members.map((m) => (m.name === name ? { ...m, health: { healthy: false as const, reason: 'host unreachable over SSH (connection refused by u@h3:22)', cause: 'host-unreachable' as const } } : m)),
  });
  const five = ['h1', 'h2', 'h3', 'h4', 'h5'].map((name) => ({ name }));
  it('leaves it out of the batches, counts it down, and says so; the others still roll', () => {
    const outcome = planCluster({ cluster: 'etcd', hosts: planHosts(five.map((m) => m.name)), state: unreachable(buildState(five, 'h1'), 'h3'), limits: {} });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.plan.unreachable).toEqual(['h3']);
    expect(outcome.plan.batches.flatMap((b) => b.hosts)).not.toContain('h3');
    expect(outcome.plan.batches.every((b) => b.hosts.length === 1)).toBe(true);
  });
  it('a leader whose host is unreachable still leads (the others name it): not "no leader"', () => {
    const state = unreachable(buildState(five, 'h3'), 'h3');
    const outcome = planCluster({ cluster: 'etcd', hosts: planHosts(five.map((m) => m.name)), state, limits: {} });
    expect(outcome.ok, outcome.ok ? '' : outcome.refusal.reason).toBe(true);
    if (outcome.ok) expect(outcome.plan.batches.flatMap((b) => b.hosts).sort()).toEqual(['h1', 'h2', 'h4', 'h5']);
  });
});
