// --at, --window and the countdown: pure arithmetic on local times, tested with fixed dates (no waiting).
import { describe, expect, it } from 'vitest';
import { QuorumError } from '../../../engine/errors.js';
import type { Clock } from '../../../engine/apply/clock.js';
import { formatTimeLeft, nextCountdownDelay, waitUntil } from '../../../engine/apply/countdown.js';
import { parseStartTime } from '../../../engine/apply/start-time.js';
import { isInsideWindow, msUntilOpen, parseWindow } from '../../../engine/apply/window.js';

/** A local time on 2026-11-28 (a Saturday). */
const at = (hh: number, mm: number, ss = 0) => new Date(2026, 10, 28, hh, mm, ss);

describe('parseWindow and isInsideWindow', () => {
  it.each<[string, Date, boolean]>([
    ['02:00-04:00', at(1, 59, 59), false],
    ['02:00-04:00', at(2, 0), true],
    ['02:00-04:00', at(3, 59, 59), true],
    ['02:00-04:00', at(4, 0), false],
    ['22:00-02:00', at(21, 59), false],
    ['22:00-02:00', at(22, 0), true],
    ['22:00-02:00', at(23, 59, 59), true],
    ['22:00-02:00', at(0, 0), true],
    ['22:00-02:00', at(1, 59, 59), true],
    ['22:00-02:00', at(2, 0), false],
    ['22:00-02:00', at(12, 0), false],
    ['0:00-23:59', at(23, 59, 30), false],
    ['23:59-00:00', at(23, 59, 30), true],
  ])('%s at %s: inside %s', (text, time, inside) => {
    expect(isInsideWindow(parseWindow(text), time)).toBe(inside);
  });

  it.each<[string, Date, number]>([
    ['02:00-04:00', at(2, 30), 0],
    ['02:00-04:00', at(1, 0), 60 * 60_000],
    ['02:00-04:00', at(5, 0), 21 * 60 * 60_000],
    ['22:00-02:00', at(3, 0), 19 * 60 * 60_000],
    ['22:00-02:00', at(21, 59, 30), 30_000],
    ['22:00-02:00', at(1, 0), 0],
  ])('%s at %s opens in %i ms', (text, time, ms) => {
    expect(msUntilOpen(parseWindow(text), time)).toBe(ms);
  });

  it.each<[string, RegExp]>([
    ['02:00', /expected HH:MM-HH:MM/],
    ['2-4', /expected HH:MM-HH:MM/],
    ['24:00-02:00', /expected HH:MM-HH:MM/],
    ['02:60-03:00', /expected HH:MM-HH:MM/],
    ['02:00-02:00', /starts and ends at the same time/],
  ])('refuses --window %s', (text, message) => {
    expect(() => parseWindow(text)).toThrow(message);
    expect(() => parseWindow(text)).toThrow(QuorumError);
  });
});

describe('parseStartTime (--at)', () => {
  const now = at(20, 30);
  it.each<[string, Date]>([
    ['21:00', at(21, 0)],
    ['20:31', at(20, 31)],
    ['20:30', new Date(2026, 10, 29, 20, 30)],
    ['02:00', new Date(2026, 10, 29, 2, 0)],
    ['2:05', new Date(2026, 10, 29, 2, 5)],
    ['2026-11-29T02:00', new Date(2026, 10, 29, 2, 0)],
    ['2026-11-29 02:00:30', new Date(2026, 10, 29, 2, 0, 30)],
    ['2099-01-01T00:00:00Z', new Date(Date.UTC(2099, 0, 1))],
    ['2099-01-01T02:00+02:00', new Date(Date.UTC(2099, 0, 1))],
  ])('%s', (text, expected) => {
    expect(parseStartTime(text, now).getTime()).toBe(expected.getTime());
  });

  it.each<[string, RegExp]>([
    ['tomorrow', /not a time/],
    ['25:00', /not a time/],
    ['2026-11-28', /not a time/],
    ['2026-11-28T20:00', /has passed/],
    ['2026-02-31T02:00', /has passed|no such date/],
    ['2026-13-01T02:00', /no such date/],
  ])('refuses --at %s', (text, message) => {
    expect(() => parseStartTime(text, now)).toThrow(message);
  });
});

describe('the countdown', () => {
  it.each<[number, number]>([
    [3 * 60 * 60_000, 60_000],
    [125_000, 5_000],
    [120_000, 60_000],
    [61_000, 1_000],
    [60_000, 10_000],
    [45_000, 5_000],
    [10_000, 10_000],
    [3_000, 3_000],
    [0, 0],
  ])('with %i ms left the next line is %i ms away', (left, delay) => {
    expect(nextCountdownDelay(left)).toBe(delay);
  });

  it.each<[number, string]>([
    [3 * 60 * 60_000 + 5 * 60_000, '3 h 05 min'],
    [61 * 60_000, '1 h 01 min'],
    [125_000, '3 min'],
    [60_000, '60 s'],
    [40_000, '40 s'],
    [500, '1 s'],
  ])('%i ms left reads %s', (left, text) => {
    expect(formatTimeLeft(left)).toBe(text);
  });

  it('prints a line each minute, then each 10 s in the last minute, on a fake clock', async () => {
    let nowMs = at(1, 57, 30).getTime();
    const clock: Clock = { now: () => new Date(nowMs), sleep: async (ms) => void (nowMs += ms) };
    const lines: string[] = [];
    await waitUntil(at(2, 0), 'starting', clock, { line: (l) => lines.push(l.replace(/.*, in /, '')), done: () => lines.push('done') });
    expect(lines).toEqual(['3 min', '2 min', '60 s', '50 s', '40 s', '30 s', '20 s', '10 s', 'done']);
    expect(nowMs).toBe(at(2, 0).getTime());
  });
});
