// Counting voters down the same way on every read, and the way back from a lost quorum.
import { describe, expect, it } from 'vitest';
import type { ClusterMember, MemberDownCause } from '../../../engine/plan/cluster-state.js';
import { countVoters, quorumLostHint, quorumLostReason } from '../../../engine/plan/down-members.js';
import { quorumNumbers } from '../../../engine/plan/quorum-math.js';

const up = (name: string, leaderId = '1'): ClusterMember => ({
  id: name.slice(1), name, peerUrls: [], clientUrls: [], role: 'voter',
  health: { healthy: true, status: { leaderId, raftIndex: 1, raftAppliedIndex: 1, raftTerm: 1, version: '3.4.23' } },
});
const down = (name: string, cause: MemberDownCause | undefined, reason = `${cause} reason`): ClusterMember => ({
  id: name.slice(1), name, peerUrls: [], clientUrls: [], role: 'voter', health: { healthy: false, reason, ...(cause ? { cause } : {}) },
});

describe('countVoters', () => {
  it('counts as down only the voters that do not answer; those without a leader are up', () => {
    const count = countVoters([down('h5', 'not-running'), up('h1', '0'), down('h2', 'no-leader'), down('h3', 'host-unreachable'), up('h4')], (m) => m.name);
    expect(count).toEqual({
      down: [{ name: 'h3', reason: 'host-unreachable reason', cause: 'host-unreachable' }, { name: 'h5', reason: 'not-running reason', cause: 'not-running' }],
      leaderless: ['h1', 'h2'],
      up: 3,
    });
  });
});

describe('a lost quorum', () => {
  const five = quorumNumbers(5);
  it.each<[string, ClusterMember[], string, string]>([
    [
      'three of five stopped: start them',
      [up('h1', '0'), up('h2', '0'), down('h3', 'not-running', 'etcd not running'), down('h4', 'not-running', 'etcd not running'), down('h5', 'not-running', 'etcd not running')],
      'quorum is lost: 3 of 5 voters are down (h3: etcd not running; h4: etcd not running; h5: etcd not running); h1, h2 answer but see no leader; quorum needs 3 of 5 up, 2 are',
      "start the stopped members (h3, h4, h5: their hosts answer, their data dir should be intact): `quorum run playbooks/start-members.yml -i INVENTORY --limit h3,h4,h5`; starting any 1 of them brings quorum back; a member that is gone for good (its host or disk lost) can be replaced once quorum is back; restore from a snapshot (etcd's disaster recovery) only if fewer than 3 of the 5 members' data dirs survive. A rolling play cannot run until then.",
    ],
    [
      'one stopped, two hosts gone: bring them back, a snapshot only without a majority of data dirs',
      [up('h1', '0'), down('h2', 'not-running', 'r'), down('h3', 'host-unreachable', 'r'), down('h4', 'host-unreachable', 'r'), down('h5', 'no-answer', 'r')],
      'quorum is lost: 4 of 5 voters are down (h2: r; h3: r; h4: r; h5: r); h1 answers but sees no leader; quorum needs 3 of 5 up, 1 is',
      "start the stopped member (h2: its host answers, its data dir should be intact): `quorum run playbooks/start-members.yml -i INVENTORY --limit h2`; restart etcd on h5 (it accepts connections but never answers: a stopped (SIGSTOP), hung or overloaded process); bring back h3, h4 (unreachable over SSH), then start their etcd; a member that is gone for good (its host or disk lost) can be replaced once quorum is back; restore from a snapshot (etcd's disaster recovery) only if fewer than 3 of the 5 members' data dirs survive. A rolling play cannot run until then.",
    ],
  ])('%s', (_name, members, reason, hint) => {
    const count = countVoters(members, (m) => m.name);
    expect(quorumLostReason(five, count)).toBe(reason);
    expect(quorumLostHint(five, count)).toBe(hint);
  });
});
