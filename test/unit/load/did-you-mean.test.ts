import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../../engine/load/did-you-mean.js';

describe('editDistance', () => {
  it.each([
    ['when', 'when', 0],
    ['whne', 'when', 1],
    ['wen', 'when', 1],
    ['hots', 'hosts', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
  ])('%s -> %s = %i', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
  });
});

describe('closestMatch', () => {
  const keywords = ['when', 'name', 'notify', 'register', 'loop', 'hosts', 'become_user', 'become'];
  it.each([
    ['whne', 'when'],
    ['When', 'when'],
    ['hots', 'hosts'],
    ['regster', 'register'],
    ['becom_user', 'become_user'],
    ['becme', 'become'],
    ['frobnicate', undefined],
    ['x', undefined],
  ])('%s -> %s', (word, expected) => {
    expect(closestMatch(word, keywords)).toBe(expected);
  });
});
