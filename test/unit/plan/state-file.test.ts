// Reading captured states: the real 5-member capture, an even cluster, learners, an endpoint with errors, a
// member that did not answer (and one never started); then files that are wrong, each with file, line, key.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import { InputError } from '../../../engine/errors.js';
import type { ClusterState } from '../../../engine/plan/cluster-state.js';
import { parseClusterStateText } from '../../../engine/plan/state-file.js';
import { loadClusterStateFile } from '../../../engine/plan/state-file-read.js';
import { stateFixture } from './fixtures.js';

interface Summary {
  clusterId: string;
  leaderId: string | undefined;
  members: string[];
}

function summarize(state: ClusterState): Summary {
  return {
    clusterId: state.clusterId,
    leaderId: state.leaderId,
    members: state.members.map(
      (m) => `${m.id} ${m.name || '-'} ${m.role} ${m.health.healthy ? `up applied=${m.health.status.raftAppliedIndex}` : `down: ${m.health.reason}`}`,
    ),
  };
}

describe('parseClusterStateText: good captures', () => {
  it.each<[string, Summary]>([
    [
      'five-members.json',
      {
        clusterId: '8280921531237386043',
        leaderId: '16576940488520558258',
        members: [
          '227693593168367922 h3 voter up applied=50018',
          '9068035712824532851 h2 voter up applied=50018',
          '13854575842428330738 h5 voter up applied=50018',
          '15125579042020765400 h4 voter up applied=50018',
          '16576940488520558258 h1 voter up applied=50018',
        ],
      },
    ],
    [
      'four-members.json',
      {
        clusterId: '14841639068965178418',
        leaderId: '11998200495627421543',
        members: [
          '10501334649042878790 n1 voter up applied=200',
          '11998200495627421543 n2 voter up applied=201',
          '17662441383262296931 n3 voter up applied=202',
          '9372538179322589801 n4 voter up applied=203',
        ],
      },
    ],
    [
      'learner.json',
      {
        clusterId: '3385124371930465212',
        leaderId: '12275846386215937745',
        members: [
          '12275846386215937745 v1 voter up applied=90',
          '15766392478926614592 v2 voter up applied=90',
          '6022135184725017290 v3 voter up applied=90',
          '18213428329373498101 l4 learner up applied=88',
        ],
      },
    ],
    [
      'endpoint-errors.json',
      {
        clusterId: '7305468163418127357',
        leaderId: '16140221233399405813',
        members: [
          '16140221233399405813 e1 voter up applied=500',
          '13097339707127327906 e2 voter up applied=500',
          '4708457208929436125 e3 voter up applied=500',
          '12883355106563926123 e4 voter down: its status reports errors: memberID:12883355106563926123 alarm:NOSPACE ',
          '9766093186564718411 e5 voter up applied=500',
        ],
      },
    ],
    [
      'missing-endpoint.json',
      {
        clusterId: '11656826133993227430',
        leaderId: '17325862385632815520',
        members: [
          '5180493394958287398 m1 voter up applied=77',
          '17325862385632815520 m2 voter up applied=77',
          '14457916330367880004 m3 voter down: no endpoint status (it did not answer)',
          '8851224433262618221 - learner down: no endpoint status (it did not answer)',
        ],
      },
    ],
  ])('%s', async (name, expected) => {
    const state = await loadClusterStateFile(stateFixture(name));
    expect(summarize(state)).toEqual(expected);
    expect(state.source).toBe(stateFixture(name));
  });
});

function diagnosticsOf(text: string, file: string): string[] {
  try {
    parseClusterStateText(text, file);
  } catch (err) {
    if (err instanceof InputError) return err.diagnostics.map(formatDiagnostic);
    throw err;
  }
  return [];
}

describe('parseClusterStateText: bad files name file, line, key and a fix', () => {
  it.each<[string, string, string[]]>([
    [
      'a trailing comma',
      readFileSync(stateFixture('bad-syntax.json'), 'utf8'),
      [
        's.json:5:66: QUORUM_STATE_FILE_SYNTAX: not valid JSON: Quoted object key expected but got \'}\' (a state file is {"members": <etcdctl member list -w json>, "endpoints": <etcdctl endpoint status --cluster -w json>})',
      ],
    ],
    [
      'a wrong id, a missing ID, URLs not a list, a misspelt key',
      readFileSync(stateFixture('bad-keys.json'), 'utf8'),
      [
        's.json:9:2: QUORUM_STATE_FILE: endpoint: unknown key "endpoint" (a state file is {"members": <etcdctl member list -w json>, "endpoints": <etcdctl endpoint status --cluster -w json>})',
        's.json:5:5: QUORUM_STATE_FILE: members.members[0].ID: expected a decimal id, got the string "h1" (ids are what etcdctl -w json prints)',
        's.json:6:4: QUORUM_STATE_FILE: members.members[1].ID: the key "ID" is missing',
        's.json:6:19: QUORUM_STATE_FILE: members.members[1].peerURLs: expected a list, got the string "http://127.0.10.2:2380"',
        's.json:1:1: QUORUM_STATE_FILE: endpoints: the key "endpoints" is missing',
      ],
    ],
    [
      'not an object',
      '[1, 2]',
      ['s.json:1:1: QUORUM_STATE_FILE: (top level): expected an object, got a list'],
    ],
    [
      'an endpoint of another cluster and of an unknown member',
      JSON.stringify({
        members: { header: { cluster_id: 5 }, members: [{ ID: 7, name: 'a', peerURLs: ['http://127.0.0.1:2380'] }] },
        endpoints: [{ Endpoint: '127.0.0.9:2379', Status: { header: { cluster_id: 6, member_id: 8 }, leader: 7 } }],
      }),
      [
        's.json:1:171: QUORUM_STATE_FILE: endpoints[0].Status.header.cluster_id: cluster 6 is not this cluster (5) (capture members and endpoints from the same cluster)',
        's.json:1:186: QUORUM_STATE_FILE: endpoints[0].Status.header.member_id: endpoint 127.0.0.9:2379 is member 8, which is not in members.members (capture members and endpoints at the same time)',
      ],
    ],
  ])('%s', (_name, text, expected) => {
    expect(diagnosticsOf(text, 's.json')).toEqual(expected);
  });

  it.each([['missing.json', /^.*missing\.json: QUORUM_STATE_FILE_UNREADABLE: cannot read the cluster state file \(ENOENT\)/]])(
    'an unreadable file: %s',
    async (name, expected) => {
      const error = await loadClusterStateFile(stateFixture(name)).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(InputError);
      expect(formatDiagnostic((error as InputError).diagnostics[0]!)).toMatch(expected);
    },
  );
});
