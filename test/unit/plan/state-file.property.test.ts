// Property: any capture etcdctl could print (64-bit ids, learners, members that did not answer or answered
// with errors) reads back with every id digit intact, the right roles, and exactly the right members unhealthy.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClusterStateText } from '../../../engine/plan/state-file.js';

const id = fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }).map((n) => n.toString());

const capture = fc
  .record({
    clusterId: id,
    members: fc.uniqueArray(
      fc.record({ id, learner: fc.boolean(), answer: fc.constantFrom('ok', 'missing', 'errors') }),
      { minLength: 1, maxLength: 9, selector: (member) => member.id },
    ),
    leaderPick: fc.nat(),
    indent: fc.boolean(),
  })
  .map(({ clusterId, members, leaderPick, indent }) => {
    const leader = members[leaderPick % members.length]!.id;
    // Written by hand, not JSON.stringify, because the ids must be bare numbers above 2^53, as etcdctl prints them.
    const memberJson = members.map(
      (m, i) =>
        `{"ID":${m.id},"name":"h${i}","peerURLs":["http://127.0.30.${i + 1}:2380"],"clientURLs":["http://127.0.30.${i + 1}:2379"]${m.learner ? ',"isLearner":true' : ''}}`,
    );
    const endpointJson = members
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => m.answer !== 'missing')
      .map(
        ({ m, i }) =>
          `{"Endpoint":"127.0.30.${i + 1}:2379","Status":{"header":{"cluster_id":${clusterId},"member_id":${m.id}},` +
          `"version":"3.5.9","leader":${leader},"raftIndex":${100 + i},"raftTerm":2,"raftAppliedIndex":${100 + i}` +
          `${m.answer === 'errors' ? ',"errors":["alarm:NOSPACE"]' : ''}}}`,
      );
    const sep = indent ? ',\n  ' : ',';
    const text = `{"members":{"header":{"cluster_id":${clusterId}},"members":[${memberJson.join(sep)}]},"endpoints":[${endpointJson.join(sep)}]}`;
    return { text, clusterId, members, leader };
  });

describe('parseClusterStateText (properties)', () => {
  it('keeps every digit of every id, the roles, and who is unhealthy', () => {
    fc.assert(
      fc.property(capture, ({ text, clusterId, members, leader }) => {
        const state = parseClusterStateText(text, 'capture.json');
        expect(state.clusterId).toBe(clusterId);
        expect(state.members.map((m) => m.id)).toEqual(members.map((m) => m.id));
        expect(state.members.map((m) => m.role)).toEqual(members.map((m) => (m.learner ? 'learner' : 'voter')));
        expect(state.members.map((m) => m.health.healthy)).toEqual(members.map((m) => m.answer === 'ok'));
        const anyHealthy = members.some((m) => m.answer === 'ok');
        expect(state.leaderId).toBe(anyHealthy ? leader : undefined);
      }),
      { numRuns: 500 },
    );
  });
});
