import type { ApplyRequestRecord, BatchPlace, JournalEntry, RunOutcome } from './journal-entries.js';

// One journal line back into a typed entry, or the reason it is not one (the caller adds file and line).

type Fields = { [key: string]: unknown };

const isString = (v: unknown): v is string => typeof v === 'string';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isNullableString = (v: unknown): v is string | null => v === null || isString(v);
const OUTCOMES: readonly RunOutcome[] = ['done', 'window-closed', 'interrupted', 'stale', 'locked', 'failed'];

function missing(o: Fields, checks: { [key: string]: (v: unknown) => boolean }): string | undefined {
  for (const [key, check] of Object.entries(checks)) if (!check(o[key])) return key;
  return undefined;
}

const PLACE = { at: isString, play_index: isCount, play: isString, cluster: isString, batch: isCount, hosts: isStrings };
const REQUEST = {
  plan_file: isString,
  plan_sha256: isString,
  playbook: isString,
  inventory: isStrings,
  extra_vars: isStrings,
  roles_path: isStrings,
  limit: isNullableString,
  cwd: isString,
  window: isNullableString,
};

export function readJournalEntry(line: string): JournalEntry | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return 'not a JSON line';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'expected a JSON object';
  const o = parsed as Fields;
  const bad = (key: string | undefined) => (key === undefined ? undefined : `${String(o.type)} entry: key '${key}' is missing or of the wrong type`);
  switch (o.type) {
    case 'run_start': {
      const problem = bad(missing(o, { at: isString, run: isString, pid: isCount })) ??
        (typeof o.request === 'object' && o.request !== null ? bad(missing(o.request as Fields, REQUEST)) : bad('request'));
      if (problem) return problem;
      return { type: 'run_start', at: o.at as string, run: o.run as string, pid: o.pid as number, request: o.request as ApplyRequestRecord };
    }
    case 'run_resume': {
      const problem = bad(missing(o, { at: isString, run: isString, pid: isCount }));
      return problem ?? { type: 'run_resume', at: o.at as string, run: o.run as string, pid: o.pid as number };
    }
    case 'batch_started':
    case 'gate_passed': {
      const problem = bad(missing(o, PLACE));
      if (problem) return problem;
      const place: BatchPlace = { play_index: o.play_index as number, play: o.play as string, cluster: o.cluster as string, batch: o.batch as number, hosts: o.hosts as string[] };
      return { type: o.type, at: o.at as string, ...place };
    }
    case 'batch_order': {
      const problem = bad(missing(o, { at: isString, play_index: isCount, play: isString, cluster: isString, moved: isString, batches: (v) => Array.isArray(v) && v.every(isStrings) }));
      return problem ?? { type: 'batch_order', at: o.at as string, play_index: o.play_index as number, play: o.play as string, cluster: o.cluster as string, batches: o.batches as string[][], moved: o.moved as string };
    }
    case 'cluster_done': {
      const problem = bad(missing(o, { at: isString, play_index: isCount, play: isString, cluster: isString }));
      return problem ?? { type: 'cluster_done', at: o.at as string, play_index: o.play_index as number, play: o.play as string, cluster: o.cluster as string };
    }
    case 'run_end': {
      const problem = bad(missing(o, { at: isString, exit_code: isCount, outcome: (v) => OUTCOMES.includes(v as RunOutcome) }));
      if (problem) return problem;
      return {
        type: 'run_end',
        at: o.at as string,
        outcome: o.outcome as RunOutcome,
        exit_code: o.exit_code as number,
        ...(isString(o.reason) ? { reason: o.reason } : {}),
      };
    }
    default:
      return `unknown entry type ${JSON.stringify(o.type)}`;
  }
}
