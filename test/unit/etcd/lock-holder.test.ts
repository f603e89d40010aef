// A lock's holder is provably gone only when it ran on this machine and its process is no longer quorum's.
import { describe, expect, it } from 'vitest';
import type { LockOwner } from '../../../engine/etcd/cluster-lock.js';
import { goneHolder, type ProcessProbe } from '../../../engine/etcd/lock-holder.js';

const owner = (holder: string, pid: number): LockOwner => ({ holder, pid, run: 'r1', command: 'quorum run x.yml', since: '2026-11-28T02:00:00.000Z' });
const probe = (state: 'gone' | 'alive' | 'unknown', commandLine?: string): ProcessProbe => ({
  hostname: 'ctl1',
  processState: () => state,
  commandLine: () => commandLine,
});

describe('goneHolder', () => {
  it.each<[string, LockOwner, ProcessProbe, string | undefined]>([
    ['this machine, process gone', owner('sre@ctl1', 4242), probe('gone'), 'pid 4242 on this machine (ctl1) is no longer running'],
    ['this machine, pid now another program', owner('sre@ctl1', 4242), probe('alive', 'sleep 100'), 'pid 4242 on this machine (ctl1) is now another program (sleep 100)'],
    ['this machine, still quorum', owner('sre@ctl1', 4242), probe('alive', 'node /srv/quorum/bin/quorum.js run x.yml'), undefined],
    ['this machine, alive but unreadable', owner('sre@ctl1', 4242), probe('alive'), undefined],
    ['this machine, the check failed', owner('sre@ctl1', 4242), probe('unknown'), undefined],
    ['another machine, whatever its pid', owner('sre@ctl2', 4242), probe('gone'), undefined],
    ['this very process', owner('sre@ctl1', process.pid), probe('gone'), undefined],
  ])('%s', (_name, o, p, gone) => {
    expect(goneHolder(o, p)).toBe(gone);
  });
});
