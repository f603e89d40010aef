import { UsageError } from '../errors.js';

// `--window HH:MM-HH:MM` (local time): a batch starts only inside it. A window may cross midnight
// (22:00-02:00). The end is exclusive: at 02:00 sharp the 22:00-02:00 window is closed.

export interface ChangeWindow {
  text: string;
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

const WINDOW = /^([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-3]):([0-5]\d)$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export function parseWindow(text: string): ChangeWindow {
  const m = WINDOW.exec(text);
  if (!m) throw new UsageError(`--window ${text}: expected HH:MM-HH:MM in local time`, 'for example --window 22:00-02:00 (a window may cross midnight)');
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  if (start === end) throw new UsageError(`--window ${text}: the window starts and ends at the same time`, 'give a window that lasts; leave --window out to have none');
  return { text, start, end };
}

/** Milliseconds since local midnight. */
function msOfDay(at: Date): number {
  return ((at.getHours() * 60 + at.getMinutes()) * 60 + at.getSeconds()) * 1000 + at.getMilliseconds();
}

export function isInsideWindow(window: ChangeWindow, at: Date): boolean {
  const t = msOfDay(at);
  const start = window.start * 60_000;
  const end = window.end * 60_000;
  return start < end ? t >= start && t < end : t >= start || t < end;
}

/** How long until the window opens: 0 when it is open now. */
export function msUntilOpen(window: ChangeWindow, at: Date): number {
  if (isInsideWindow(window, at)) return 0;
  return (window.start * 60_000 - msOfDay(at) + DAY_MS) % DAY_MS;
}

/** The moment the window next opens (now when it is open). */
export function nextOpening(window: ChangeWindow, at: Date): Date {
  return new Date(at.getTime() + msUntilOpen(window, at));
}
