// Tables for the oracle's own pure helpers: if these were wrong, the oracle would compare against the wrong thing.
import { describe, expect, it } from 'vitest';
import { parseListHosts } from '../support/ansible.js';
import {
  canonicalJson,
  hostRepresentatives,
  hostVarsOf,
  limitListing,
  listedHosts,
  type InventoryListing,
  type JsonValue,
} from './listing.js';

const listing: InventoryListing = {
  _meta: { hostvars: { web1: { port: 80 }, db1: { role: 'primary' } } },
  all: { children: ['ungrouped', 'web', 'db', 'prod'] },
  ungrouped: { hosts: ['lonely'] },
  web: { hosts: ['web1', 'web2'] },
  db: { hosts: ['db1'] },
  prod: { hosts: ['web1', 'db1'], children: ['web'] },
};

describe('limitListing', () => {
  it.each([
    {
      selected: ['web1'],
      expected: {
        _meta: { hostvars: { web1: { port: 80 } } },
        all: { children: ['ungrouped', 'web', 'db', 'prod'] },
        web: { hosts: ['web1'] },
        prod: { hosts: ['web1'], children: ['web'] },
      },
    },
    {
      selected: ['lonely', 'db1'],
      expected: {
        _meta: { hostvars: { db1: { role: 'primary' } } },
        all: { children: ['ungrouped', 'web', 'db', 'prod'] },
        ungrouped: { hosts: ['lonely'] },
        db: { hosts: ['db1'] },
        prod: { hosts: ['db1'], children: ['web'] },
      },
    },
    {
      selected: [],
      expected: {
        _meta: { hostvars: {} },
        all: { children: ['ungrouped', 'web', 'db', 'prod'] },
        prod: { children: ['web'] },
      },
    },
  ])('keeps $selected', ({ selected, expected }) => {
    expect(limitListing(listing, new Set(selected))).toEqual(expected);
  });
});

describe('listedHosts and hostVarsOf', () => {
  it.each([
    { host: 'web1', vars: { port: 80 } },
    { host: 'web2', vars: {} },
    { host: 'lonely', vars: {} },
  ])('$host has $vars', ({ host, vars }) => {
    expect(listedHosts(listing)).toContain(host);
    expect(hostVarsOf(listing, host)).toEqual(vars);
  });

  it.each([{ hosts: ['lonely', 'web1', 'web2', 'db1'] }])('lists every host once, first seen first', ({ hosts }) => {
    expect(listedHosts(listing)).toEqual(hosts);
  });
});

describe('canonicalJson', () => {
  it.each<{ value: JsonValue; text: string }>([
    { value: { b: 1, a: [true, null] }, text: '{"a":[true,null],"b":1}' },
    { value: { z: { y: 'x', w: 'v' } }, text: '{"z":{"w":"v","y":"x"}}' },
    { value: [{ b: 2, a: 1 }, 'é'], text: '[{"a":1,"b":2},"é"]' },
    { value: 3.5, text: '3.5' },
  ])('$text', ({ value, text }) => {
    expect(canonicalJson(value)).toBe(text);
  });
});

describe('hostRepresentatives', () => {
  it.each<{ listing: InventoryListing; hosts: string[] }>([
    { listing, hosts: ['lonely', 'web1', 'web2', 'db1'] },
    {
      // A range: same groups, same variables, one representative.
      listing: {
        _meta: { hostvars: { n1: { a: 1 }, n2: { a: 1 }, n3: { a: 2 } } },
        all: { children: ['ungrouped', 'nodes'] },
        nodes: { hosts: ['n1', 'n2', 'n3', 'n4', 'n5'] },
      },
      hosts: ['n1', 'n3', 'n4'],
    },
    {
      // Same variables in different groups are different kinds.
      listing: {
        _meta: { hostvars: {} },
        all: { children: ['ungrouped', 'a', 'b'] },
        a: { hosts: ['x', 'y'] },
        b: { hosts: ['y', 'z'] },
      },
      hosts: ['x', 'y', 'z'],
    },
  ])('picks $hosts', ({ listing: input, hosts }) => {
    expect(hostRepresentatives(input)).toEqual(hosts);
  });
});

describe('parseListHosts', () => {
  const playbookOutput = [
    '',
    'playbook: patterns.yml',
    '',
    '  play #1 (web): pattern 0\tTAGS: []',
    '    pattern: [\'web\']',
    '    hosts (2):',
    '      web1',
    '      web2',
    '',
    '  play #2 (nothing): pattern 1\tTAGS: []',
    '    pattern: [\'nothing\']',
    '    hosts (0):',
    '',
    '  play #3 (db): pattern 2\tTAGS: []',
    '    pattern: [\'db\']',
    '    hosts (1):',
    '      db1',
    '',
  ].join('\n');

  it.each([
    { pattern: 'web', hosts: ['web1', 'web2'] },
    { pattern: 'nothing', hosts: [] },
    { pattern: 'db', hosts: ['db1'] },
  ])('$pattern selects $hosts', ({ pattern, hosts }) => {
    expect(parseListHosts(playbookOutput, ['web', 'nothing', 'db']).get(pattern)).toEqual(hosts);
  });

  it.each([{ patterns: ['web', 'nothing'] }, { patterns: ['web', 'nothing', 'db', 'extra'] }])(
    'refuses output with a different number of plays than $patterns',
    ({ patterns }) => {
      expect(() => parseListHosts(playbookOutput, patterns)).toThrow(/expected \d+ host lists/);
    },
  );
});
