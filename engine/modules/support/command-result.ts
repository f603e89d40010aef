import type { JsonObject, ModuleResult, StepOutput } from '../types.js';

// The registered fields of command, shell and raw, as Ansible shapes them.

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** '2026-11-21 23:59:01.123000' (UTC). */
export function formatTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds() * 1000, 6)}`
  );
}

/** '0:00:01.250000' */
export function formatDelta(ms: number): string {
  const total = Math.max(0, ms);
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  return `${hours}:${pad(minutes)}:${pad(seconds)}.${pad((total % 1000) * 1000, 6)}`;
}

function lines(text: string): string[] {
  return text === '' ? [] : text.split(/\r?\n/);
}

/** rc, stdout, stderr and their _lines, times, and failure on a non-zero exit. */
export function commandResult(output: StepOutput | undefined, stripEmptyEnds: boolean): Partial<ModuleResult> & { values: JsonObject } {
  if (!output) return { values: {} };
  const strip = (text: string) => (stripEmptyEnds ? text.replace(/[\r\n]+$/, '') : text);
  const stdout = strip(output.stdout);
  const stderr = strip(output.stderr);
  const values: JsonObject = {
    rc: output.rc,
    stdout,
    stderr,
    stdout_lines: lines(stdout),
    stderr_lines: lines(stderr),
    start: formatTimestamp(output.startedAt),
    end: formatTimestamp(output.endedAt),
    delta: formatDelta(output.endedAt.getTime() - output.startedAt.getTime()),
    msg: output.rc === 0 ? '' : 'non-zero return code',
  };
  return output.rc === 0 ? { values } : { values, failed: true, msg: 'non-zero return code' };
}
