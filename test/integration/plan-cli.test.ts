import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'lossless-json';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';
import { runQuorum } from '../support/run-cli.js';

// `quorum plan` offline, from captured states: a whole process, no hosts contacted.
const example = join(repoRoot, '..', 'shared', 'examples', 'cluster-state-5-members.json');
const five = ['test/fixtures/plan/five/restart.yml', '-i', 'test/fixtures/plan/five/inventory.yml'];

/** The example capture with only the endpoints of `keep` answering (the others count as down). */
function exampleWithEndpoints(keep: string[]): string {
  // lossless-json keeps the ids above 2^53 exact through the round trip.
  const state = parse(readFileSync(example, 'utf8')) as { endpoints: { Endpoint: string }[] };
  state.endpoints = state.endpoints.filter((e) => keep.some((k) => e.Endpoint === `${k}:2379`));
  const file = join(mkdtempSync(join(tmpdir(), 'quorum-plan-state-')), 'state.json');
  writeFileSync(file, stringify(state, undefined, 1) ?? '');
  return file;
}

describe('quorum plan --cluster-state', () => {
  it('prints each batch with the voters up and the margin, the leader last', async () => {
    const r = await runQuorum(['plan', ...five, '--cluster-state', example]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'PLAY [rolling restart] hosts: h1, h2, h3, h4, h5',
        '  cluster etcd: 5 members, 5 voters, quorum 3, tolerance 2',
        '    leader: h1',
        '    unhealthy: none',
        '    batch 1/3 (followers): h2, h3; voters up 3/5, margin 0: no further failure tolerated',
        '    batch 2/3 (followers): h4, h5; voters up 3/5, margin 0: no further failure tolerated',
        '    move leader: h1 -> h2',
        '    batch 3/3 (leader last): h1; voters up 4/5, margin 1',
        '  changes: none',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('offline plan');
  });

  it('--json prints the plan document', async () => {
    const r = await runQuorum(['plan', ...five, '--cluster-state', `etcd=${example}`, '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.format).toBe(1);
    expect(doc.plays[0].clusters[0]).toMatchObject({
      name: 'etcd',
      voters: 5,
      quorum: 3,
      tolerance: 2,
      unhealthy: [],
      leader: 'h1',
      batches: [
        { hosts: ['h2', 'h3'], voters_up: 3 },
        { hosts: ['h4', 'h5'], voters_up: 3 },
        { hosts: ['h1'], voters_up: 4, move_leader: { from: 'h1', to: 'h2' } },
      ],
    });
  });

  it('restarts a member already down first; once the gate has it back, two followers at a time', async () => {
    const state = exampleWithEndpoints(['127.0.10.1', '127.0.10.2', '127.0.10.3', '127.0.10.4']);
    const r = await runQuorum(['plan', ...five, '--cluster-state', state, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const cluster = JSON.parse(r.stdout).plays[0].clusters[0];
    expect(cluster.unhealthy).toEqual(['h5']);
    expect(cluster.batches.map((b: { hosts: string[] }) => b.hosts)).toEqual([['h5'], ['h2', 'h3'], ['h4', 'h1']]);
    expect(cluster.batches[0]).toMatchObject({ kind: 'restart-unhealthy', voters_up: 4 });
  });

  it('refuses, with the numbers, when quorum is already at its limit', async () => {
    const state = exampleWithEndpoints(['127.0.10.1', '127.0.10.2', '127.0.10.3']);
    const r = await runQuorum(['plan', 'test/fixtures/plan/five/restart.yml', '-i', 'test/fixtures/plan/five/inventory.yml', '--limit', 'h1:h2:h3', '--cluster-state', state]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cluster etcd: refusing to plan: .*\[voters 5, quorum 3, tolerance 2, unhealthy: (h4|h5) .*(h4|h5) /);
  });

  it('-o saves the plan with its inputs and the cluster fingerprint, ids to the last digit', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'quorum-plan-')), 'plan.json');
    const r = await runQuorum(['plan', ...five, '--cluster-state', example, '-o', out, '--json']);
    expect(r.code).toBe(0);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved).toMatchObject({ format: 1, engine_version: expect.any(String) });
    expect(Object.keys(saved.inputs).sort()).toEqual(['extra_vars', 'inventory', 'playbook', 'roles']);
    expect(JSON.stringify(saved.fingerprints)).toContain('8280921531237386043');
    expect(JSON.stringify(saved.fingerprints)).toContain('16576940488520558258');
    expect(saved.plan).toEqual(JSON.parse(r.stdout));
  });

  it('a state file that fits no cluster of the play is a usage error', async () => {
    const r = await runQuorum(['plan', ...five, '--cluster-state', join(repoRoot, 'test/fixtures/cluster-states/four-members.json')]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('no member is a host of this play');
  });
});

describe('quorum plan on an even cluster', () => {
  it('takes one member down at a time with 4 members (tolerance 1, not 2)', async () => {
    const r = await runQuorum([
      'plan', 'test/fixtures/plan/five/restart.yml', '-i', 'test/fixtures/plan/four/inventory.yml',
      '--cluster-state', join(repoRoot, 'test/fixtures/cluster-states/four-members.json'), '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const cluster = JSON.parse(r.stdout).plays[0].clusters[0];
    expect(cluster).toMatchObject({ voters: 4, quorum: 3, tolerance: 1 });
    expect(cluster.batches.every((b: { hosts: string[]; voters_up: number }) => b.hosts.length === 1 && b.voters_up === 3)).toBe(true);
  });
});
