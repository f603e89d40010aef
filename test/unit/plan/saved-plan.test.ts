// The saved plan file: it round-trips through JSON text with 64-bit ids intact, its digests are stable, and a
// damaged file gets one line per problem with file, line and key.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import { InputError } from '../../../engine/errors.js';
import { buildPlanDocument } from '../../../engine/plan/plan-document.js';
import { planRollingPlay } from '../../../engine/plan/plan-play.js';
import { buildSavedPlan, digestFiles, sha256Hex, type SavedPlan } from '../../../engine/plan/saved-plan.js';
import { parseSavedPlan } from '../../../engine/plan/saved-plan-file.js';
import { loadClusterStateFile } from '../../../engine/plan/state-file-read.js';
import { stateFixture } from './fixtures.js';

const state = await loadClusterStateFile(stateFixture('five-members.json'));
const states = new Map([['etcd', state]]);
const hosts = [1, 2, 3, 4, 5].map((i) => ({ name: `h${i}`, address: `127.0.10.${i}`, cluster: 'etcd' }));
const planned = planRollingPlay({ hosts, states, limits: {} });
const saved: SavedPlan = buildSavedPlan({
  engineVersion: '0.1.0',
  inputs: { inventory: sha256Hex('inventory'), playbook: sha256Hex('playbook'), roles: sha256Hex('roles'), extra_vars: sha256Hex('{}') },
  states,
  plan: buildPlanDocument([{ name: 'restart', hosts: hosts.map((h) => h.name), clusters: planned.clusters, changes: [] }]),
});

describe('parseSavedPlan', () => {
  const withRequest: SavedPlan = {
    ...saved,
    request: { playbook: 'playbooks/rolling-restart.yml', inventory: ['inventories/lab'], extra_vars: ['a=1', '@vars.yml'], roles_path: [], limit: 'etcd:!h2', cwd: '/srv/ops' },
  };
  it.each([
    ['compact', JSON.stringify(saved)],
    ['indented', JSON.stringify(saved, null, 2)],
    ['with the request it was made from', JSON.stringify(withRequest)],
  ])('reads back what was saved (%s)', (_name, text) => {
    expect(parseSavedPlan(text, 'plan.json')).toEqual(JSON.parse(text));
  });

  it.each([
    ['the leader hand-over', saved.plan.plays[0]?.clusters[0]?.batches[2]?.move_leader, { from: 'h1', to: 'h2', to_id: '9068035712824532851' }],
    ['the leader id, every digit', saved.fingerprints[0]?.leader_id, '16576940488520558258'],
  ])('keeps %s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  const damaged = (change: (plan: SavedPlan) => object): string => JSON.stringify(change(structuredClone(saved)), null, 1);
  it.each<[string, string, string[]]>([
    ['not JSON', '{"format": 1,', ['plan.json:1:14: QUORUM_PLAN_FILE_SYNTAX: not valid JSON: the file ends in the middle of the document (truncated?) (a saved plan is written by `quorum plan --out FILE`; make it again rather than editing it)']],
    [
      'another format',
      damaged((p) => ({ ...p, format: 2 })),
      ['plan.json:2:2: QUORUM_PLAN_FILE: format: format 2 is not one this quorum reads (1) (a saved plan is written by `quorum plan --out FILE`; make it again rather than editing it)'],
    ],
    [
      'a digest cut short and a missing key',
      damaged((p) => ({ ...p, inputs: { inventory: 'abc', playbook: p.inputs.playbook, roles: p.inputs.roles } })),
      [
        'plan.json:5:3: QUORUM_PLAN_FILE: inputs.inventory: expected a sha256 digest (64 hex digits) (a saved plan is written by `quorum plan --out FILE`; make it again rather than editing it)',
        'plan.json:4:2: QUORUM_PLAN_FILE: inputs.extra_vars: the key "extra_vars" is missing',
      ],
    ],
    [
      'a role that does not exist and a batch count that is text',
      damaged((p) => {
        const member = p.fingerprints[0]!.members[0]!;
        (member as { role: string }).role = 'observer';
        (p.plan.plays[0]!.clusters[0]!.batches[0] as { voters_up: unknown }).voters_up = 'three';
        return p;
      }),
      [
        'plan.json:19:6: QUORUM_PLAN_FILE: fingerprints[0].members[0].role: expected one of voter, learner, got the string "observer"',
        'plan.json:95:9: QUORUM_PLAN_FILE: plan.plays[0].clusters[0].batches[0].voters_up: expected a whole number up to 2^53, got the string "three"',
      ],
    ],
  ])('reports %s', (_name, text, expected) => {
    const error = (() => {
      try {
        parseSavedPlan(text, 'plan.json');
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics.map(formatDiagnostic)).toEqual(expected);
  });
});

describe('digestFiles', () => {
  const a = { path: 'roles/a/tasks/main.yml', content: '- name: a\n' };
  const b = { path: 'roles/b/tasks/main.yml', content: '- name: b\n' };
  it.each<[string, string, string, boolean]>([
    ['order does not matter', digestFiles([a, b]), digestFiles([b, a]), true],
    ['string and bytes digest the same', digestFiles([a]), digestFiles([{ ...a, content: Buffer.from(a.content) }]), true],
    ['content matters', digestFiles([a]), digestFiles([{ ...a, content: '- name: A\n' }]), false],
    ['the path matters', digestFiles([a]), digestFiles([{ ...a, path: 'roles/c/tasks/main.yml' }]), false],
    ['moving bytes between path and content matters', digestFiles([{ path: 'ab', content: 'c' }]), digestFiles([{ path: 'a', content: 'bc' }]), false],
    ['no file is the empty digest', digestFiles([]), sha256Hex(''), true],
  ])('%s', (_name, left, right, same) => {
    expect(left === right).toBe(same);
  });
});
