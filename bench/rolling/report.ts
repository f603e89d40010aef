import type { MemberTimes } from './measure-member.js';
import { ownTotalMs } from './measure-member.js';
import type { BatchTiming } from './rolling-run.js';

// The figures, as text: each member's own parts, their sum, the rolling restart's wall time and batches, and
// the ratio against the target.

export const TARGET_RATIO = 1.3;

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function memberLines(times: readonly MemberTimes[]): string[] {
  const lines = ['member   stop      start-to-healthy   catch-up   own total'];
  for (const t of times) {
    lines.push(`${`${t.host}${t.wasLeader ? '*' : ''}`.padEnd(8)} ${s(t.stopMs).padEnd(9)} ${s(t.startToHealthyMs).padEnd(18)} ${s(t.catchUpMs).padEnd(10)} ${s(ownTotalMs(t))}`);
  }
  lines.push('(* led the cluster when it was stopped)');
  return lines;
}

export function sumOfOwnTimes(times: readonly MemberTimes[]): { stopMs: number; startMs: number; catchUpMs: number; totalMs: number } {
  const stopMs = times.reduce((a, t) => a + t.stopMs, 0);
  const startMs = times.reduce((a, t) => a + t.startToHealthyMs, 0);
  const catchUpMs = times.reduce((a, t) => a + t.catchUpMs, 0);
  return { stopMs, startMs, catchUpMs, totalMs: stopMs + startMs + catchUpMs };
}

export function batchLines(batches: readonly BatchTiming[]): string[] {
  return batches.flatMap((b, i) => {
    const tasks = b.tasksDoneMs.map((t) => `'${t.task}' done at ${s(t.atMs)}`).join(', ');
    const end = b.gateMs === undefined ? 'no gate' : `gate closed at ${s(b.gateMs)}`;
    const took = b.gateMs === undefined ? '' : ` (${s(b.gateMs - b.startMs)} in all)`;
    return [`  batch ${i + 1} (${b.hosts.join(', ')}): started at ${s(b.startMs)}; ${tasks}; ${end}${took}`];
  });
}

export function ratioLine(rollingMs: number, ownTotal: number): string {
  const ratio = rollingMs / ownTotal;
  const verdict = ratio <= TARGET_RATIO ? 'meets' : 'misses';
  return `rolling restart / sum of own times = ${s(rollingMs)} / ${s(ownTotal)} = ${ratio.toFixed(2)}x (target <= ${TARGET_RATIO}x: ${verdict} it)`;
}
