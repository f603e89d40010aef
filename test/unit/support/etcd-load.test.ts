import { describe, expect, it } from 'vitest';
import { type MemberReading, isHealthyVoter, lowerMinimum } from '../../support/etcd-load/healthy-voters.js';
import { attemptOrder, endpointOfAttempt, loadKey } from '../../support/etcd-load/write-order.js';

const voter = (host: string, leaderId = '42'): MemberReading => ({ host, status: { leaderId, isLearner: false, errors: [] } });
const learner = (host: string): MemberReading => ({ host, status: { leaderId: '42', isLearner: true, errors: [] } });
const alarmed = (host: string): MemberReading => ({ host, status: { leaderId: '42', isLearner: false, errors: ['NOSPACE'] } });
const silent = (host: string): MemberReading => ({ host });

describe('write order', () => {
  it.each([
    { write: 0, attempt: 0, count: 3, endpoint: 0 },
    { write: 4, attempt: 0, count: 3, endpoint: 1 },
    { write: 4, attempt: 1, count: 3, endpoint: 2 },
    { write: 4, attempt: 2, count: 3, endpoint: 0 },
    { write: 7, attempt: 5, count: 5, endpoint: 2 },
  ])('write $write, attempt $attempt of $count endpoints goes to $endpoint', ({ write, attempt, count, endpoint }) => {
    expect(endpointOfAttempt(write, attempt, count)).toBe(endpoint);
  });

  it.each([
    { write: 0, count: 3, order: [0, 1, 2] },
    { write: 5, count: 3, order: [2, 0, 1] },
    { write: 9, count: 1, order: [0] },
    { write: 1, count: 0, order: [] },
  ])('reads for write $write over $count endpoints try $order', ({ write, count, order }) => {
    expect(attemptOrder(write, count)).toEqual(order);
  });

  it.each([
    { prefix: 'load/', number: 0, key: 'load/000000000' },
    { prefix: 'x-', number: 123456, key: 'x-000123456' },
  ])('key $number with prefix $prefix is $key', ({ prefix, number, key }) => {
    expect(loadKey(prefix, number)).toBe(key);
  });
});

describe('healthy voters', () => {
  it.each([
    { reading: voter('a'), healthy: true },
    { reading: voter('a', '0'), healthy: false },
    { reading: learner('a'), healthy: false },
    { reading: alarmed('a'), healthy: false },
    { reading: silent('a'), healthy: false },
  ])('$reading.host $reading.status is a healthy voter: $healthy', ({ reading, healthy }) => {
    expect(isHealthyVoter(reading)).toBe(healthy);
  });

  it.each([
    { label: 'the first sample sets it', current: undefined, atMs: 100, readings: [voter('a'), silent('b'), voter('c')], result: { healthyVoters: 2, atMs: 100, unhealthy: ['b'] } },
    { label: 'a lower count replaces it', current: { healthyVoters: 2, atMs: 100, unhealthy: ['b'] }, atMs: 300, readings: [silent('a'), silent('b'), voter('c')], result: { healthyVoters: 1, atMs: 300, unhealthy: ['a', 'b'] } },
    { label: 'the same count keeps the earlier one', current: { healthyVoters: 2, atMs: 100, unhealthy: ['b'] }, atMs: 300, readings: [voter('a'), voter('b'), learner('c')], result: { healthyVoters: 2, atMs: 100, unhealthy: ['b'] } },
    { label: 'a higher count keeps it', current: { healthyVoters: 1, atMs: 100, unhealthy: ['a', 'b'] }, atMs: 300, readings: [voter('a'), voter('b'), voter('c')], result: { healthyVoters: 1, atMs: 100, unhealthy: ['a', 'b'] } },
  ])('lowerMinimum: $label', ({ current, atMs, readings, result }) => {
    expect(lowerMinimum(current, atMs, readings)).toEqual(result);
  });
});
