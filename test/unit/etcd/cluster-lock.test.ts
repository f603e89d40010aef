// The lock's value and the refusal a second operator reads.
import { describe, expect, it } from 'vitest';
import { lockedMessage, lockKey, parseLockOwner, type LockOwner } from '../../../engine/etcd/cluster-lock.js';

const owner: LockOwner = { holder: 'sre@ops1', pid: 4242, run: '20261128T020000Z-0001', command: 'quorum apply plan.json', since: '2026-11-28T02:00:01.000Z' };

describe('the cluster lock', () => {
  it.each<[string, string]>([
    ['etcd', '/quorum/locks/etcd'],
    ['prod-eu-1', '/quorum/locks/prod-eu-1'],
  ])('cluster %s locks %s', (cluster, key) => {
    expect(lockKey(cluster)).toBe(key);
  });

  it.each<[string, string, LockOwner | undefined]>([
    ['what quorum writes', JSON.stringify(owner), owner],
    ['extra fields are kept out', JSON.stringify({ ...owner, extra: 1 }), owner],
    ['not JSON', 'held by bob', undefined],
    ['a pid that is text', JSON.stringify({ ...owner, pid: '4242' }), undefined],
    ['no command', JSON.stringify({ holder: 'a@b', pid: 1, run: 'r', since: 's' }), undefined],
    ['JSON null', 'null', undefined],
  ])('reads %s', (_name, value, expected) => {
    expect(parseLockOwner(value)).toEqual(expected);
  });

  it.each<[LockOwner | undefined, number | undefined, string]>([
    [
      owner,
      27,
      'QUORUM_LOCKED: cluster etcd is locked by sre@ops1 (pid 4242, run 20261128T020000Z-0001, `quorum apply plan.json`) since 2026-11-28T02:00:01.000Z; if that run is gone, its lease expires in 27 s unless it is renewed',
    ],
    [owner, undefined, 'QUORUM_LOCKED: cluster etcd is locked by sre@ops1 (pid 4242, run 20261128T020000Z-0001, `quorum apply plan.json`) since 2026-11-28T02:00:01.000Z'],
    [undefined, 5, 'QUORUM_LOCKED: cluster etcd is locked by a holder whose value quorum cannot read; if that run is gone, its lease expires in 5 s unless it is renewed'],
  ])('says who holds it (%#)', (holder, expires, message) => {
    expect(lockedMessage('etcd', holder, expires)).toBe(message);
  });
});
