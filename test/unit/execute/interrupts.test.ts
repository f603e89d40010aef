// Ctrl-C and SIGTERM: at once outside a rollout; inside one, first between batches, then at once.
import { describe, expect, it } from 'vitest';
import { Interrupts } from '../../../engine/execute/interrupts.js';

function recorder(): { interrupts: Interrupts; exits: number[]; said: string[] } {
  const exits: number[] = [];
  const said: string[] = [];
  return { interrupts: new Interrupts({ exit: (code) => void exits.push(code), say: (line) => void said.push(line) }), exits, said };
}

describe('Interrupts', () => {
  it.each<[string, number, number, number[], number]>([
    // name, holds taken, signals, exit codes, lines said
    ['outside a rollout: the first signal ends the process', 0, 1, [99], 0],
    ['in a rollout: the first signal asks for a stop between batches', 1, 1, [], 1],
    ['in a rollout: the second signal ends the process', 1, 2, [99], 2],
  ])('%s', (_name, holds, signals, exits, lines) => {
    const r = recorder();
    for (let i = 0; i < holds; i++) r.interrupts.hold();
    for (let i = 0; i < signals; i++) r.interrupts.signal('SIGINT');
    expect(r.exits).toEqual(exits);
    expect(r.said).toHaveLength(lines);
    expect(r.interrupts.requested).toBe(holds > 0 ? 'SIGINT' : undefined);
  });

  it('a released hold no longer holds, and releasing twice counts once', () => {
    const r = recorder();
    const release = r.interrupts.hold();
    r.interrupts.hold();
    release();
    release();
    r.interrupts.signal('SIGTERM');
    expect(r.exits).toEqual([]);
  });
});
