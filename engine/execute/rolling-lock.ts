import { randomUUID } from 'node:crypto';
import { acquireClusterLock, currentLockOwner, type HeldLock } from '../etcd/cluster-lock.js';
import type { ClusterAccess } from '../etcd/cluster-access.js';
import type { RunContext } from './run-context.js';

// A rolling play's cluster lock, asked for while the cluster's first state is read rather than after it: the
// lock needs a client of its own and two round trips (a lease, then the put-if-absent), about 0.15 s that
// would otherwise come before the first batch. Only the state says whether the lock is needed at all (nothing
// to roll, a refused plan, a resumed run with every batch done): an attempt nobody asked for is released, and
// its failure (another run holds the lock) is not reported, so those cases end as they did before.
//
// Safety does not change: the first batch still waits for the lock, and the state is read again, under it,
// just before that batch goes down (rolling-play.ts).

export class RollingLockAttempt {
  private readonly outcome: Promise<{ ok: true; lock: HeldLock } | { ok: false; error: unknown }>;

  constructor(
    take: () => Promise<HeldLock>,
    private readonly onTakeover: (line: string) => void = () => undefined,
  ) {
    this.outcome = take().then(
      (lock) => ({ ok: true as const, lock }),
      (error: unknown) => ({ ok: false as const, error }),
    );
  }

  /** The lock, or the reason it was refused (ClusterLockedError: another run holds it). */
  async held(): Promise<HeldLock> {
    const outcome = await this.outcome;
    if (!outcome.ok) throw outcome.error;
    if (outcome.lock.tookOver !== undefined) this.onTakeover(outcome.lock.tookOver);
    return outcome.lock;
  }

  /** Releases a lock taken but not needed; a warning to show when that fails (the lease expires anyway). */
  async discard(): Promise<string | undefined> {
    const outcome = await this.outcome;
    return outcome.ok ? outcome.lock.release() : undefined;
  }
}

/** Starts taking `/quorum/locks/<cluster>` for this run, with the owner an SRE would look for. */
export function startRollingLock(run: RunContext, cluster: string, access: ClusterAccess, varsOf: Map<string, Record<string, unknown>>): RollingLockAttempt {
  return new RollingLockAttempt(async () =>
    acquireClusterLock(
      { cluster, access, connectionFor: (host) => run.connections.get(host, varsOf.get(host)!), owner: run.connections },
      await currentLockOwner(run.options.invocation?.runId ?? randomUUID(), run.options.invocation?.command ?? `quorum ${process.argv.slice(2).join(' ')}`, new Date()),
      (why) => run.bus.emit({ type: 'warning', message: why }),
    ),
    (line) => run.bus.emit({ type: 'warning', message: line }),
  );
}
