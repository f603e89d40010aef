import type { Clock } from './clock.js';

// The countdown an apply prints while it waits for --at or for its window to open: a line each whole minute
// left, then every 10 s in the last minute. Lines land on round figures ("in 3 min", "in 40 s") so that a log
// of a long wait reads evenly. On a TTY the line is redrawn in place.

const MINUTE = 60_000;
const TEN_SECONDS = 10_000;

/** How long to sleep before the next countdown line, given what is left. */
export function nextCountdownDelay(msLeft: number): number {
  if (msLeft <= 0) return 0;
  const step = msLeft > MINUTE ? MINUTE : TEN_SECONDS;
  const toRound = msLeft % step;
  // Already on a round figure: the next line is a whole step away (or at the end).
  const delay = toRound === 0 ? step : toRound;
  // Crossing into the last minute: land on 60 s left, from where the 10 s steps begin.
  return Math.min(delay, msLeft);
}

/** `2 h 05 min`, `3 min`, `40 s`: the time left, rounded up to what the line's step says. */
export function formatTimeLeft(msLeft: number): string {
  if (msLeft <= MINUTE) return `${Math.ceil(msLeft / 1000)} s`;
  const minutes = Math.ceil(msLeft / MINUTE);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Local time as an SRE reads it in a log: 2026-11-28 02:00:00 (local). */
export function formatLocal(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}

export interface CountdownView {
  /** One countdown line; `redraw` when the terminal can overwrite the previous one. */
  line(text: string): void;
  done(): void;
}

/** Waits until `target`, printing the countdown; returns at once for a time already past. */
export async function waitUntil(target: Date, what: string, clock: Clock, view: CountdownView): Promise<void> {
  for (;;) {
    const left = target.getTime() - clock.now().getTime();
    if (left <= 0) break;
    view.line(`quorum apply: ${what} at ${formatLocal(target)} (local), in ${formatTimeLeft(left)}`);
    await clock.sleep(nextCountdownDelay(left));
  }
  view.done();
}

/** Plain lines for logs and pipes; one line redrawn in place on a terminal. */
export function countdownView(stream: NodeJS.WriteStream): CountdownView {
  let drawn = false;
  return {
    line(text) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${text}`);
        drawn = true;
      } else stream.write(`${text}\n`);
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
