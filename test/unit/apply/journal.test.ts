// The run journal: lines back into entries, and a journal replayed into what `--resume` skips.
import { describe, expect, it } from 'vitest';
import type { ApplyRequestRecord, JournalEntry } from '../../../engine/apply/journal-entries.js';
import { newRunId, parseJournal } from '../../../engine/apply/journal-file.js';
import { progressKey, replayJournal, resumeRefusal, type ClusterProgress } from '../../../engine/apply/journal-replay.js';
import { InputError } from '../../../engine/errors.js';

const request: ApplyRequestRecord = {
  plan_file: 'plan.json',
  plan_sha256: 'ab'.repeat(32),
  playbook: 'restart.yml',
  inventory: ['inventory.yml'],
  extra_vars: [],
  roles_path: [],
  limit: null,
  cwd: '/srv/ops',
  window: '22:00-02:00',
};
const at = '2026-11-28T22:00:00.000Z';
const start: JournalEntry = { type: 'run_start', at, run: 'r1', pid: 10, request };
const place = (batch: number, cluster = 'etcd', play_index = 0) => ({ at, play_index, play: 'restart', cluster, batch, hosts: [`h${batch}`] });
const started = (batch: number, cluster?: string, play?: number): JournalEntry => ({ type: 'batch_started', ...place(batch, cluster, play) });
const passed = (batch: number, cluster?: string, play?: number): JournalEntry => ({ type: 'gate_passed', ...place(batch, cluster, play) });
const end = (outcome: 'done' | 'window-closed' | 'failed'): JournalEntry => ({ type: 'run_end', at, outcome, exit_code: outcome === 'done' ? 0 : 7 });

describe('replayJournal: what a resumed run skips', () => {
  it.each<[string, JournalEntry[], [string, ClusterProgress][], string | undefined]>([
    ['nothing ran yet', [start], [], undefined],
    ['killed inside batch 1', [start, started(1)], [[progressKey(0, 'etcd'), { done: 0, inFlight: 1, complete: false }]], undefined],
    ['window closed after batch 1', [start, started(1), passed(1), end('window-closed')], [[progressKey(0, 'etcd'), { done: 1, complete: false }]], undefined],
    [
      'killed inside batch 3 after two passed',
      [start, started(1), passed(1), started(2), passed(2), started(3)],
      [[progressKey(0, 'etcd'), { done: 2, inFlight: 3, complete: false }]],
      undefined,
    ],
    [
      'two clusters of a fleet, interleaved',
      [start, started(1, 'a'), started(1, 'b'), passed(1, 'b'), passed(1, 'a'), started(2, 'a')],
      [
        [progressKey(0, 'a'), { done: 1, inFlight: 2, complete: false }],
        [progressKey(0, 'b'), { done: 1, complete: false }],
      ],
      undefined,
    ],
    [
      'a second rolling play',
      [start, started(1), passed(1), { type: 'cluster_done', at, play_index: 0, play: 'restart', cluster: 'etcd' }, started(1, 'etcd', 1)],
      [
        [progressKey(0, 'etcd'), { done: 1, complete: true }],
        [progressKey(1, 'etcd'), { done: 0, inFlight: 1, complete: false }],
      ],
      undefined,
    ],
    [
      'finished',
      [start, started(1), passed(1), { type: 'cluster_done', at, play_index: 0, play: 'restart', cluster: 'etcd' }, end('done')],
      [[progressKey(0, 'etcd'), { done: 1, complete: true }]],
      'run r1 completed at 2026-11-28T22:00:00.000Z; there is nothing left to resume',
    ],
    [
      'stopped, resumed, killed again',
      [start, started(1), passed(1), end('window-closed'), { type: 'run_resume', at, run: 'r1', pid: 11 }, started(2)],
      [[progressKey(0, 'etcd'), { done: 1, inFlight: 2, complete: false }]],
      undefined,
    ],
  ])('%s', (_name, entries, progress, refusal) => {
    const replay = replayJournal(entries);
    expect([...replay.progress]).toEqual(progress);
    expect(resumeRefusal(replay)).toBe(refusal);
  });

  it.each<[string, JournalEntry[], RegExp]>([
    ['an empty journal', [], /does not begin with the run_start line/],
    ['no run_start first', [started(1)], /does not begin with the run_start line/],
    ['a gate passed out of order', [start, passed(2)], /batch 2 of play 1, cluster etcd passed its gate after batch 0/],
  ])('refuses %s', (_name, entries, message) => {
    expect(() => replayJournal(entries)).toThrow(message);
  });
});

describe('parseJournal', () => {
  const line = (entry: JournalEntry) => JSON.stringify(entry);
  it.each<[string, string, number]>([
    ['whole lines', `${line(start)}\n${line(started(1))}\n${line(passed(1))}\n`, 3],
    ['a last line cut short by a crash is ignored', `${line(start)}\n${line(started(1))}\n{"type":"gate_pa`, 2],
    ['blank lines', `\n${line(start)}\n\n`, 1],
  ])('%s', (_name, text, count) => {
    expect(parseJournal(text, 'journal.jsonl')).toHaveLength(count);
  });

  it.each<[string, string, string]>([
    ['a broken line in the middle', `${line(start)}\n{oops\n${line(started(1))}\n`, 'journal.jsonl:2:1: QUORUM_JOURNAL: not a JSON line'],
    ['an unknown type', `{"type":"party"}\n${line(start)}\n`, 'journal.jsonl:1:1: QUORUM_JOURNAL: unknown entry type "party"'],
    ['a missing key', `{"type":"gate_passed","at":"x","play_index":0,"play":"p","batch":1,"hosts":[]}\n\n`, "journal.jsonl:1:1: QUORUM_JOURNAL: gate_passed entry: key 'cluster' is missing or of the wrong type"],
    ['a bad request', `{"type":"run_start","at":"x","run":"r","pid":1,"request":{"plan_file":1}}\n\n`, "journal.jsonl:1:1: QUORUM_JOURNAL: run_start entry: key 'plan_file' is missing or of the wrong type"],
  ])('%s', (_name, text, message) => {
    let error: unknown;
    try {
      parseJournal(text, 'journal.jsonl');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe(`${message} (a journal is written by quorum apply; do not edit it)`);
  });
});

describe('newRunId', () => {
  it.each<[Date, number, string]>([
    [new Date(Date.UTC(2026, 10, 28, 2, 0, 0, 123)), 0, '20261128T020000Z-0000'],
    [new Date(Date.UTC(2026, 0, 1, 23, 59, 59)), 0.5, '20260101T235959Z-8000'],
  ])('%s', (now, random, id) => {
    expect(newRunId(now, () => random)).toBe(id);
  });
});
