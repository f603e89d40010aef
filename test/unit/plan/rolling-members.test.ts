// `rolling: {members: joining}` keeps only the hosts that are not voting members yet, from the state.
import { describe, expect, it } from 'vitest';
import { hostsToRoll, type RollingMembers } from '../../../engine/plan/rolling-members.js';
import { planRollingPlay } from '../../../engine/plan/plan-play.js';
import { buildState, planHosts, type MemberSpec } from './cluster-builder.js';

const threeVoters: MemberSpec[] = [{ name: 'h1' }, { name: 'h2' }, { name: 'h3' }];

describe.each<{ name: string; members: MemberSpec[]; play: string[]; select: RollingMembers; expected: string[] }>([
  { name: 'all keeps every host', members: threeVoters, play: ['h1', 'h2', 'h3', 'h4'], select: 'all', expected: ['h1', 'h2', 'h3', 'h4'] },
  { name: 'joining drops the voters', members: threeVoters, play: ['h1', 'h2', 'h3', 'h4', 'h5'], select: 'joining', expected: ['h4', 'h5'] },
  { name: 'a learner left by an earlier join is still joining', members: [...threeVoters, { name: 'h4', role: 'learner' }], play: ['h1', 'h2', 'h3', 'h4', 'h5'], select: 'joining', expected: ['h4', 'h5'] },
  { name: 'a down voter is a member, not a joiner', members: [{ name: 'h1' }, { name: 'h2', healthy: false }, { name: 'h3' }], play: ['h1', 'h2', 'h3'], select: 'joining', expected: [] },
  { name: 'nothing to join', members: threeVoters, play: ['h1', 'h2', 'h3'], select: 'joining', expected: [] },
])('hostsToRoll: $name', ({ members, play, select, expected }) => {
  it('selects the expected hosts', () => {
    expect(hostsToRoll(planHosts(play), buildState(members, 'h1'), select).map((h) => h.name)).toEqual(expected);
  });
});

describe('planRollingPlay with members: joining', () => {
  it('plans one joiner per batch and never touches the existing members or the leader', () => {
    const plan = planRollingPlay({
      hosts: planHosts(['h1', 'h2', 'h3', 'h4', 'h5']),
      states: new Map([['etcd', buildState(threeVoters, 'h1')]]),
      limits: {},
      members: 'joining',
    });
    expect(plan.refusals).toEqual([]);
    expect(plan.clusters[0]!.batches.map((b) => [b.kind, b.hosts, b.moveLeader])).toEqual([
      ['non-voter', ['h4'], undefined],
      ['non-voter', ['h5'], undefined],
    ]);
  });
});
