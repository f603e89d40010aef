import { UsageError } from '../errors.js';

// `--at TIME`: when an apply starts. Either an ISO time (`2026-11-28T02:00`, local unless it carries a zone,
// `2026-11-28T02:00:00Z`, `2026-11-28T02:00+01:00`), or `HH:MM` in local time: today if that is still to
// come, else tomorrow, as an SRE means "at 02:00" the evening before a window.

const CLOCK_TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function parseStartTime(text: string, now: Date): Date {
  const clock = CLOCK_TIME.exec(text);
  if (clock) {
    const at = new Date(now);
    at.setHours(Number(clock[1]), Number(clock[2]), 0, 0);
    if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
    return at;
  }
  if (!ISO_TIME.test(text)) {
    throw new UsageError(`--at ${text}: not a time`, 'give HH:MM (local, the next one to come) or an ISO time such as 2026-11-28T02:00 or 2026-11-28T02:00:00Z');
  }
  const at = new Date(text.replace(' ', 'T'));
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at ${text}: no such date`, 'check the month and the day');
  if (at.getTime() <= now.getTime()) {
    throw new UsageError(`--at ${text}: that time has passed (now ${now.toISOString()})`, 'give a time to come, or leave --at out to start now');
  }
  return at;
}
