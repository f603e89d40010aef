import { describe, expect, it } from 'vitest';
import {
  checkHostKey,
  fingerprint,
  hostsFieldMatches,
  keyTypeOf,
  knownHostName,
  knownHostsLine,
  parseKnownHosts,
} from '../../../engine/connect/known-hosts.js';

// Real keys made with ssh-keygen; the hashed lines are `ssh-keygen -H` output for db1.example and [db2.example]:2222.
const ed1 = 'AAAAC3NzaC1lZDI1NTE5AAAAIODrHat6c5g9m2rSNWoMqibEfMMa9moQYngtk0k9rtn7';
const ed2 = 'AAAAC3NzaC1lZDI1NTE5AAAAILLY4CFgzCGq4NhUPI5uIkUVBW+FEUodqBNzxQTJ0r5g';
const ec3 =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBI5gcp6xU+uJIWo/AbQyRafo8jWc7iZfWqarL4GQZUYZrc5c8Q58Y7wpAAztMYIGYe6xLfXni3l1qORx/tjkV2Y=';
const hashedDb1 = '|1|WIzc9+W5gJWm//sfUOB1DJHkd0M=|whQ/06plAMAAB61YtOB9MA0Uk8s=';
const hashedDb2Port = '|1|jT3ll5LzuDt1lrNEit1fF087Fz8=|BsXCqlfYk2DheQaee29igqhb+dw=';
const key = (b64: string): Buffer => Buffer.from(b64, 'base64');

describe('parseKnownHosts', () => {
  it.each([
    { text: '', entries: [], skipped: [] },
    { text: '# comment\n\n   \n', entries: [], skipped: [] },
    {
      text: `a,b ssh-ed25519 ${ed1} some comment\n@revoked * ssh-ed25519 ${ed2}\n@cert-authority *.example ecdsa-sha2-nistp256 ${ec3}`,
      entries: [
        { line: 1, hosts: 'a,b', keyType: 'ssh-ed25519' },
        { line: 2, marker: 'revoked', hosts: '*', keyType: 'ssh-ed25519' },
        { line: 3, marker: 'cert-authority', hosts: '*.example', keyType: 'ecdsa-sha2-nistp256' },
      ],
      skipped: [],
    },
    {
      text: `@trusted a ssh-ed25519 ${ed1}\na ssh-ed25519\nb ssh-ed25519 !!notbase64!!`,
      entries: [],
      skipped: [
        { line: 1, reason: 'unknown marker @trusted' },
        { line: 2, reason: 'expected: host-patterns key-type base64-key' },
        { line: 3, reason: 'the key is not valid base64' },
      ],
    },
  ])('$text', ({ text, entries, skipped }) => {
    const parsed = parseKnownHosts(text, 'kh');
    expect(parsed.entries.map(({ key: _key, file: _file, ...rest }) => rest)).toEqual(entries);
    expect(parsed.skipped).toEqual(skipped);
  });
});

describe('hostsFieldMatches', () => {
  it.each([
    ['db1.example', 'db1.example', true],
    ['DB1.Example', 'db1.example', true],
    ['db1.example,10.0.0.1', '10.0.0.1', true],
    ['*.example', 'db1.example', true],
    ['db?.example', 'db1.example', true],
    ['db?.example', 'db10.example', false],
    ['*.example,!db1.example', 'db1.example', false],
    ['*.example,!db1.example', 'db2.example', true],
    ['[db2.example]:2222', '[db2.example]:2222', true],
    ['db2.example', '[db2.example]:2222', false],
    ['[db2.example]:2222', 'db2.example', false],
    [hashedDb1, 'db1.example', true],
    [hashedDb1, 'db2.example', false],
    [hashedDb2Port, '[db2.example]:2222', true],
    [hashedDb2Port, 'db2.example', false],
    ['|1|broken', 'db1.example', false],
    ['a.b', 'aXb', false],
  ])('%s vs %s -> %s', (hosts, name, expected) => {
    expect(hostsFieldMatches(hosts, name)).toBe(expected);
  });
});

describe('checkHostKey', () => {
  const file = [
    `db1.example ssh-ed25519 ${ed1}`, // 1
    `db3.example ecdsa-sha2-nistp256 ${ec3}`, // 2
    `@revoked * ssh-ed25519 ${ed2}`, // 3
    `@cert-authority *.ca ssh-ed25519 ${ed1}`, // 4
    `${hashedDb2Port} ssh-ed25519 ${ed1}`, // 5
    `[db4.example]:2200 ssh-ed25519 ${ed1}`, // 6
  ].join('\n');
  const { entries } = parseKnownHosts(file, 'kh');
  it.each([
    ['db1.example', ed1, 'known', [1]],
    ['db1.example', ed2, 'revoked', [3]],
    ['db1.example', ec3, 'unknown', [1]],
    ['db3.example', ed1, 'unknown', [2]],
    ['db3.example', ec3, 'known', [2]],
    ['[db2.example]:2222', ed1, 'known', [5]],
    ['[db4.example]:2200', ec3, 'unknown', [6]],
    ['db4.example', ed1, 'unknown', []],
    ['x.ca', ed1, 'unknown', []],
    ['nowhere', ed1, 'unknown', []],
  ])('%s showing %s -> %s', (name, shown, status, lines) => {
    const verdict = checkHostKey(entries, name, key(shown));
    expect(verdict.status).toBe(status);
    const found = 'entry' in verdict ? [verdict.entry] : verdict.otherTypes;
    expect(found.map((e) => e.line)).toEqual(lines);
  });

  it.each([
    [`db1.example ssh-ed25519 ${ed2}`, 'changed', 1],
    [`db1.example ssh-ed25519 ${ed2}\ndb1.example ssh-ed25519 ${ed1}`, 'known', 2],
  ])('a second key of the same type: %s -> %s', (text, status, line) => {
    const verdict = checkHostKey(parseKnownHosts(text, 'kh').entries, 'db1.example', key(ed1));
    expect(verdict.status).toBe(status);
    expect('entry' in verdict && verdict.entry.line).toBe(line);
  });
});

describe('helpers', () => {
  it.each([
    ['h', 22, 'h'],
    ['h', 2222, '[h]:2222'],
    ['127.0.31.1', 22, '127.0.31.1'],
  ])('knownHostName(%s, %i) = %s', (host, port, name) => {
    expect(knownHostName(host, port)).toBe(name);
  });

  it.each([
    [ed1, 'ssh-ed25519'],
    [ec3, 'ecdsa-sha2-nistp256'],
    ['AAAA', undefined],
    ['AAAA/w==', undefined],
  ])('keyTypeOf(%s) = %s', (b64, type) => {
    expect(keyTypeOf(key(b64))).toBe(type);
  });

  it.each([[ed1, 'SHA256:MOjM96foYWoVflktXxReFt8iDKwNm6S8Gn+jkgmT4Ho']])('fingerprint matches ssh-keygen -l', (b64, expected) => {
    expect(fingerprint(key(b64))).toBe(expected);
  });

  it.each([
    ['[h]:2222', ed1, `[h]:2222 ssh-ed25519 ${ed1}`],
    ['h', ec3, `h ecdsa-sha2-nistp256 ${ec3}`],
  ])('knownHostsLine(%s)', (name, b64, line) => {
    expect(knownHostsLine(name, key(b64))).toBe(line);
  });
});
