// Time, injected: the scheduling code asks a Clock rather than Date and setTimeout, so that table tests of
// --at and --window need no waiting and an apply's waits can be driven by a fake clock.

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
