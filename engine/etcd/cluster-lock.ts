import type { ResourceOwner } from '../connect/types.js';
import { QuorumError } from '../errors.js';
import type { ClusterAccess, ConnectionFor } from './cluster-access.js';
import { EndpointClient } from './endpoint-client.js';
import { goneHolder } from './lock-holder.js';
import { replaceLockValue } from './lock-takeover.js';

// One operator at a time: a rolling change takes `/quorum/locks/<cluster>` in the cluster itself, attached to an
// etcd lease the run keeps alive. The key is written with a put-if-absent transaction, so a second run fails at
// once (it does not wait) and is told who holds the lock, from which machine and since when. A run that dies
// stops renewing the lease, and etcd deletes the key when the lease expires: no lock outlives its run by more
// than the TTL.

export const LOCK_TTL_SECONDS = 30;
/** Exit code of a run refused because another run holds the cluster's lock (ansible-playbook uses 0-5, 99, 250). */
export const LOCKED_EXIT_CODE = 6;

/** What the lock's value says about its holder (snake_case: it is read by people with etcdctl). */
export interface LockOwner {
  /** user@hostname of the machine the run was started on. */
  holder: string;
  pid: number;
  run: string;
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

export function lockKey(cluster: string): string {
  return `/quorum/locks/${cluster}`;
}

/** Another run holds the lock: exit 6, with the holder, and when its lease expires if that run is gone. */
export class ClusterLockedError extends QuorumError {
  constructor(
    readonly cluster: string,
    readonly owner: LockOwner | undefined,
    readonly expiresInSeconds: number | undefined,
  ) {
    super('QUORUM_LOCKED', lockedMessage(cluster, owner, expiresInSeconds), LOCKED_EXIT_CODE,
      'wait for that run to end; a run killed on another machine leaves its lock until its lease expires (a run of this machine whose process is gone is taken over at once)');
    this.name = 'ClusterLockedError';
  }
}

/** Pure: the one line that says who holds a cluster's lock. */
export function lockedMessage(cluster: string, owner: LockOwner | undefined, expiresInSeconds: number | undefined): string {
  const who =
    owner === undefined
      ? 'a holder whose value quorum cannot read'
      : `${owner.holder} (pid ${owner.pid}, run ${owner.run}, \`${owner.command}\`) since ${owner.since}`;
  const expiry =
    expiresInSeconds === undefined
      ? ''
      : `; if that run is gone, its lease expires in ${expiresInSeconds} s unless it is renewed`;
  return `QUORUM_LOCKED: cluster ${cluster} is locked by ${who}${expiry}`;
}

/** Pure: the owner a lock value names, or undefined when it is not one quorum wrote. */
export function parseLockOwner(value: string): LockOwner | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const o = parsed as { [key: string]: unknown };
  if (typeof o.holder !== 'string' || typeof o.pid !== 'number' || typeof o.run !== 'string') return undefined;
  if (typeof o.command !== 'string' || typeof o.since !== 'string') return undefined;
  return { holder: o.holder, pid: o.pid, run: o.run, command: o.command, since: o.since };
}

/**
 * A client to whichever member answers, kept until it stops answering: a rolling restart takes every member
 * down in turn, so the lock's keep-alives move to another member rather than fail with the one restarting.
 */
class AnyMember {
  private current: { host: string; client: EndpointClient } | undefined;

  constructor(
    private readonly access: ClusterAccess,
    private readonly connectionFor: ConnectionFor,
    private readonly owner?: ResourceOwner,
  ) {}

  async use<T>(call: (client: EndpointClient) => Promise<T>): Promise<T> {
    const failures: string[] = [];
    const order = this.current ? [this.current.host, ...this.access.members.map((m) => m.host).filter((h) => h !== this.current!.host)] : this.access.members.map((m) => m.host);
    for (const host of order) {
      try {
        const client = await this.clientFor(host);
        return await call(client);
      } catch (error) {
        failures.push(`${host}: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
        await this.drop();
      }
    }
    throw new Error(`no member answered (${failures.join('; ')})`);
  }

  private async clientFor(host: string): Promise<EndpointClient> {
    if (this.current?.host === host) return this.current.client;
    const member = this.access.members.find((m) => m.host === host)!;
    const client = await EndpointClient.open({
      clientUrl: member.clientUrl,
      serverName: member.serverName,
      timeoutMs: 3000,
      ...(this.owner ? { owner: this.owner } : {}),
      ...(this.access.tls ? { tls: this.access.tls } : {}),
      ...(member.direct ? {} : { via: await this.connectionFor(host) }),
    });
    this.current = { host, client };
    return client;
  }

  async drop(): Promise<void> {
    const was = this.current;
    this.current = undefined;
    await was?.client.close().catch(() => undefined);
  }
}

export interface LockTarget {
  cluster: string;
  access: ClusterAccess;
  connectionFor: ConnectionFor;
  /** Closes the lock's client with the rest of the command if it is not released (connection-provider.ts). */
  owner?: ResourceOwner;
}

/** A lock this run holds: renewed every third of its TTL until released. */
export class HeldLock {
  private readonly timer: NodeJS.Timeout;
  private renewing: Promise<void> = Promise.resolve();
  /** Set when the lock was taken over from a run that is provably gone: the line that says so. */
  tookOver: string | undefined;

  constructor(
    readonly cluster: string,
    readonly leaseId: string,
    private readonly members: AnyMember,
    onLost: (why: string) => void,
  ) {
    this.timer = setInterval(() => {
      this.renewing = this.members.use((c) => c.keepLeaseAlive(leaseId)).then(
        () => undefined,
        (error: unknown) => onLost(`cluster ${cluster}: the lock's lease could not be renewed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, (LOCK_TTL_SECONDS * 1000) / 3);
    this.timer.unref();
  }

  /** Revokes the lease, which deletes the key. A failure is reported, not thrown: the lease expires anyway. */
  async release(): Promise<string | undefined> {
    clearInterval(this.timer);
    await this.renewing;
    try {
      await this.members.use((c) => c.revokeLease(this.leaseId));
      return undefined;
    } catch (error) {
      return `cluster ${this.cluster}: the lock could not be released (${error instanceof Error ? error.message : String(error)}); it expires within ${LOCK_TTL_SECONDS} s`;
    } finally {
      await this.members.drop();
    }
  }
}

/**
 * Takes the cluster's lock or throws ClusterLockedError at once. `onLost` hears of a keep-alive that failed on
 * every member (the run goes on; the SRE is told the lock may lapse).
 */
export async function acquireClusterLock(target: LockTarget, owner: LockOwner, onLost: (why: string) => void): Promise<HeldLock> {
  const members = new AnyMember(target.access, target.connectionFor, target.owner);
  try {
    const leaseId = await members.use((c) => c.grantLease(LOCK_TTL_SECONDS));
    const key = lockKey(target.cluster);
    const result = await members.use((c) => c.putIfAbsent(key, JSON.stringify(owner), leaseId));
    // A retry on another member after a lost reply finds the key under our own lease: that is ours.
    if (result.created || result.leaseId === leaseId) return new HeldLock(target.cluster, leaseId, members, onLost);
    // A holder that ran on this machine and whose process is gone cannot renew its lease nor release the lock:
    // take it over now, with a compare-and-swap on the very value read (lock-holder.ts), rather than wait it out.
    const previous = parseLockOwner(result.value);
    const gone = previous === undefined ? undefined : goneHolder(previous);
    if (previous !== undefined && gone !== undefined) {
      const swapped = await members.use((c) => replaceLockValue(c, key, result.value, JSON.stringify(owner), leaseId));
      if (swapped) {
        const held = new HeldLock(target.cluster, leaseId, members, onLost);
        held.tookOver = `cluster ${target.cluster}: took over the lock of run ${previous.run} (\`${previous.command}\`, since ${previous.since}): ${gone}`;
        // Its lease holds nothing now; end it rather than let it run out.
        if (result.leaseId !== '0') await members.use((c) => c.revokeLease(result.leaseId)).catch(() => undefined);
        return held;
      }
    }
    await members.use((c) => c.revokeLease(leaseId)).catch(() => undefined);
    const expires = result.leaseId === '0' ? undefined : await members.use((c) => c.leaseTimeToLive(result.leaseId)).catch(() => undefined);
    throw new ClusterLockedError(target.cluster, parseLockOwner(result.value), expires);
  } catch (error) {
    await members.drop();
    throw error;
  }
}

/** Who holds the cluster's lock now, for a check before anything starts; undefined when nobody does. */
export async function readClusterLock(target: LockTarget, onStale?: (note: string) => void): Promise<ClusterLockedError | undefined> {
  const members = new AnyMember(target.access, target.connectionFor, target.owner);
  try {
    const found = await members.use((c) => c.getWithLease(lockKey(target.cluster)));
    if (found === undefined) return undefined;
    const previous = parseLockOwner(found.value);
    const gone = previous === undefined ? undefined : goneHolder(previous);
    if (previous !== undefined && gone !== undefined) {
      onStale?.(`cluster ${target.cluster}: the lock of run ${previous.run} will be taken over: ${gone}`);
      return undefined;
    }
    const expires = found.leaseId === '0' ? undefined : await members.use((c) => c.leaseTimeToLive(found.leaseId)).catch(() => undefined);
    return new ClusterLockedError(target.cluster, parseLockOwner(found.value), expires);
  } finally {
    await members.drop();
  }
}

/** The owner this process writes into a lock: the user and machine an SRE would look for. */
export async function currentLockOwner(run: string, command: string, now: Date): Promise<LockOwner> {
  const { hostname, userInfo } = await import('node:os');
  let user = process.env.USER ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): the environment's USER is the best name there is.
  }
  return { holder: `${user}@${hostname()}`, pid: process.pid, run, command, since: now.toISOString() };
}
