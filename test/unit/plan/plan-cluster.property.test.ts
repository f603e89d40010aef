// Property tests of the planner: for any cluster of 1 to 9 voters, any learners, any unhealthy members, any
// leader, any subset of hosts in the play and any serial, simulating the batches in order never leaves fewer
// than quorum voters up; every play host is in exactly one batch; the leader goes last, after leadership
// moved to a voter that stays up; and a plan is refused exactly when no safe order exists.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planCluster } from '../../../engine/plan/plan-cluster.js';
import { quorumNumbers } from '../../../engine/plan/quorum-math.js';
import { buildState, planHosts, type MemberSpec } from './cluster-builder.js';

const scenario = fc
  .record({
    voters: fc.integer({ min: 1, max: 9 }),
    learners: fc.integer({ min: 0, max: 2 }),
    joining: fc.integer({ min: 0, max: 2 }),
    health: fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
    leaderPick: fc.nat(),
    noLeader: fc.boolean(),
    serial: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    maxUnavailable: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    playSeed: fc.array(fc.boolean(), { minLength: 13, maxLength: 13 }),
    order: fc.array(fc.nat(), { minLength: 13, maxLength: 13 }),
  })
  .map((s) => {
    const specs: MemberSpec[] = [
      ...Array.from({ length: s.voters }, (_, i) => ({ name: `v${i + 1}`, healthy: s.health[i] ?? true })),
      ...Array.from({ length: s.learners }, (_, i) => ({
        name: `l${i + 1}`,
        role: 'learner' as const,
        healthy: s.health[s.voters + i] ?? true,
      })),
    ];
    const healthyVoters = specs.filter((m) => m.role === undefined && m.healthy);
    // A leader only when a healthy voter exists (and not always: elections happen).
    const leader = s.noLeader && s.leaderPick % 4 === 0 ? undefined : healthyVoters[s.leaderPick % Math.max(1, healthyVoters.length)]?.name;
    const candidates = [...specs.map((m) => m.name), ...Array.from({ length: s.joining }, (_, i) => `new${i + 1}`)];
    const play = candidates
      .filter((_, i) => s.playSeed[i])
      .map((name, i) => ({ name, key: s.order[i] ?? 0 }))
      .sort((a, b) => a.key - b.key)
      .map((entry) => entry.name);
    return { specs, leader, play, serial: s.serial, maxUnavailable: s.maxUnavailable };
  });

describe('planCluster (properties)', () => {
  it('keeps quorum in every batch, covers every host once, puts the leader last, refuses only the impossible', () => {
    fc.assert(
      fc.property(scenario, ({ specs, leader, play, serial, maxUnavailable }) => {
        const state = buildState(specs, leader);
        const outcome = planCluster({ cluster: 'etcd', hosts: planHosts(play), state, limits: { serial, maxUnavailable } });
        const voters = specs.filter((m) => m.role === undefined);
        const { quorum, tolerance } = quorumNumbers(voters.length);
        const unhealthyVoters = voters.filter((m) => m.healthy === false).map((m) => m.name);
        const stayingDown = unhealthyVoters.filter((name) => !play.includes(name));
        const healthyVotersInPlay = voters.filter((m) => m.healthy !== false && play.includes(m.name));
        const impossible =
          unhealthyVoters.length > tolerance ||
          leader === undefined ||
          (healthyVotersInPlay.length > 0 && tolerance - stayingDown.length < 1);

        expect(outcome.ok).toBe(!impossible);
        if (!outcome.ok) {
          expect(outcome.refusal.reason).toMatch(/\S/);
          return;
        }
        const batches = outcome.plan.batches;
        const voterNames = new Set(voters.map((m) => m.name));
        const down = new Set(unhealthyVoters);
        const cap = Math.min(serial ?? Infinity, maxUnavailable ?? Infinity);
        for (const batch of batches) {
          expect(batch.hosts.length).toBeGreaterThan(0);
          expect(batch.hosts.length).toBeLessThanOrEqual(cap);
          if (batch.moveLeader !== undefined) {
            expect(batch.hosts).not.toContain(batch.moveLeader.to);
            expect(voterNames.has(batch.moveLeader.to)).toBe(true);
            expect(down.has(batch.moveLeader.to)).toBe(false);
          }
          const downWhile = new Set([...down, ...batch.hosts.filter((h) => voterNames.has(h))]);
          const up = voters.length - downWhile.size;
          expect(up).toBeGreaterThanOrEqual(quorum);
          expect(batch.votersUp).toBe(up);
          expect(batch.margin).toBe(up - quorum);
          // After the gate, every host of the batch is up.
          for (const host of batch.hosts) down.delete(host);
        }
        const placed = batches.flatMap((batch) => batch.hosts);
        expect([...placed].sort()).toEqual([...play].sort());
        if (leader !== undefined && play.includes(leader)) {
          const last = batches[batches.length - 1];
          expect(last?.hosts).toContain(leader);
          expect(last?.moveLeader?.from).toBe(leader);
          expect(batches.filter((batch) => batch.moveLeader !== undefined)).toHaveLength(1);
        } else {
          expect(batches.every((batch) => batch.moveLeader === undefined)).toBe(true);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
