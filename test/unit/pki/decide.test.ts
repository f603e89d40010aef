import { describe, expect, it } from 'vitest';
import { daysUntil, decideCa, decideCertificate, describeReason, leafNotAfter } from '../../../engine/pki/decide.js';
import type { ExistingCa, ExistingCertificate, KeyType, SubjectAltName, UnreadableCertificate } from '../../../engine/pki/types.js';

const now = new Date('2026-06-01T00:00:00Z');
const day = 86_400_000;
const inDays = (days: number) => new Date(now.getTime() + days * day);
const dns = (value: string): SubjectAltName => ({ kind: 'dns', value });
const ip = (value: string): SubjectAltName => ({ kind: 'ip', value });

const wantedSans = [dns('etcd-1'), dns('localhost'), ip('10.0.0.1'), ip('127.0.0.1')];

const healthy: ExistingCertificate = {
  sans: wantedSans,
  notAfter: inDays(400),
  key: { type: 'ecdsa', detail: 'ecdsa P-256' },
  signedByCa: true,
  keyPresent: true,
  keyMatches: true,
};

describe('decideCertificate: keep, or issue with the reason shown to the user', () => {
  it.each<[string, ExistingCertificate | UnreadableCertificate | undefined, { keyType?: KeyType; renewDays?: number }, string]>([
    ['no certificate', undefined, {}, 'missing'],
    ['an unreadable file', { unreadable: 'not PEM' }, {}, 'unreadable (not PEM)'],
    ['a healthy certificate', healthy, {}, 'keep'],
    ['the same SANs in another order', { ...healthy, sans: [...wantedSans].reverse() }, {}, 'keep'],
    ['its key file is gone', { ...healthy, keyPresent: false, keyMatches: false }, {}, 'its key is missing'],
    ['its key is another one', { ...healthy, keyMatches: false }, {}, 'its key does not match it'],
    ['signed by another CA', { ...healthy, signedByCa: false }, {}, 'not signed by this CA'],
    ['an RSA certificate when ECDSA is wanted', { ...healthy, key: { type: 'rsa', detail: 'rsa 2048 bits' } }, {}, 'key type differs: rsa 2048 bits, wanted ecdsa'],
    ['an ECDSA certificate when RSA is wanted', healthy, { keyType: 'rsa' }, 'key type differs: ecdsa P-256, wanted rsa'],
    ['a P-384 key', { ...healthy, key: { type: 'other', detail: 'ecdsa secp384r1' } }, {}, 'key type differs: ecdsa secp384r1, wanted ecdsa'],
    ['one address more wanted', { ...healthy, sans: wantedSans.slice(0, 3) }, {}, 'SANs differ: +IP:127.0.0.1'],
    ['one name too many', { ...healthy, sans: [...wantedSans, dns('old')] }, {}, 'SANs differ: -DNS:old'],
    ['an address changed', { ...healthy, sans: [dns('etcd-1'), dns('localhost'), ip('10.0.0.9'), ip('127.0.0.1')] }, {}, 'SANs differ: +IP:10.0.0.1 -IP:10.0.0.9'],
    ['31 days left, renew at 30', { ...healthy, notAfter: inDays(31) }, {}, 'keep'],
    ['exactly 30 days left, renew at 30', { ...healthy, notAfter: inDays(30) }, {}, 'keep'],
    ['29.5 days left', { ...healthy, notAfter: inDays(29.5) }, {}, 'expiring in 29 days'],
    ['1.5 days left', { ...healthy, notAfter: inDays(1.5) }, {}, 'expiring in 1 day'],
    ['half a day left', { ...healthy, notAfter: inDays(0.5) }, {}, 'expiring in 0 days'],
    ['expired half a day ago', { ...healthy, notAfter: inDays(-0.5) }, {}, 'expired 1 day ago'],
    ['expired 3 days ago', { ...healthy, notAfter: inDays(-3) }, {}, 'expired 3 days ago'],
    ['10 days left with renew_days 0', { ...healthy, notAfter: inDays(10) }, { renewDays: 0 }, 'keep'],
    ['not signed by the CA and other SANs: the CA is named', { ...healthy, signedByCa: false, sans: [] }, {}, 'not signed by this CA'],
    ['key mismatch and expiring: the key is named', { ...healthy, keyMatches: false, notAfter: inDays(2) }, {}, 'its key does not match it'],
    ['other SANs and expiring: the SANs are named', { ...healthy, sans: [dns('etcd-1')], notAfter: inDays(2) }, {}, 'SANs differ: +DNS:localhost +IP:10.0.0.1 +IP:127.0.0.1'],
  ])('%s -> %s', (_title, existing, options, expected) => {
    const decision = decideCertificate(existing, { sans: wantedSans, keyType: options.keyType ?? 'ecdsa' }, now, options.renewDays ?? 30);
    expect(decision.action === 'keep' ? 'keep' : describeReason(decision.reason)).toBe(expected);
  });
});

describe('decideCa: created once, then kept; a damaged CA stops the run', () => {
  const good: ExistingCa = { certPresent: true, keyPresent: true, isCa: true, keyMatches: true, notAfter: inDays(3000) };
  const absent: ExistingCa = { certPresent: false, keyPresent: false, isCa: false, keyMatches: false, notAfter: new Date(0) };
  const rotate =
    'to move to a new CA instead, follow the rotation steps in engine/pki/README.md (members must trust a new CA before any of them uses a certificate it signed)';
  it.each<[string, ExistingCa, string]>([
    ['neither file', absent, 'create'],
    ['a good CA', good, 'keep'],
    ['a good CA expiring in 20 days', { ...good, notAfter: inDays(20) }, 'keep, warning: the CA /pki/ca.crt expires in 20 days and is not renewed automatically: rotate it by hand (engine/pki/README.md)'],
    ['the key alone is missing', { ...good, keyPresent: false, keyMatches: false }, `refuse: /pki/ca.crt exists but ca.key is missing: restore ca.key from your backup of the PKI dir, or ${rotate}`],
    ['the certificate alone is missing', { ...absent, keyPresent: true }, `refuse: /pki/ca.key exists but ca.crt is missing: restore ca.crt from your backup of the PKI dir, or ${rotate}`],
    ['an unreadable certificate', { ...good, unreadable: 'bad base64' }, `refuse: /pki/ca.crt is not a readable certificate (bad base64): restore it from your backup, or ${rotate}`],
    ['a leaf where the CA should be', { ...good, isCa: false }, `refuse: /pki/ca.crt is not a CA certificate (no basicConstraints CA:TRUE): put the cluster's CA there, or ${rotate}`],
    ['a key of another CA', { ...good, keyMatches: false }, `refuse: /pki/ca.key is not the key of ca.crt: restore the pair from your backup, or ${rotate}`],
    ['an expired CA', { ...good, notAfter: inDays(-2) }, 'refuse: /pki/ca.crt expired 2 days ago: no certificate it signs is valid; rotate the CA by hand (engine/pki/README.md)'],
  ])('%s', (_title, existing, expected) => {
    const decision = decideCa(existing, now, 30, '/pki');
    const shown =
      decision.action === 'refuse'
        ? `refuse: ${decision.message}`
        : decision.action === 'keep' && decision.warning
          ? `keep, warning: ${decision.warning}`
          : decision.action;
    expect(shown).toBe(expected);
  });
});

describe('validity', () => {
  it.each([
    ['825 days under a 3650-day CA', 825, inDays(3650), inDays(825)],
    ['never past the CA', 825, inDays(100), inDays(100)],
    ['a CA ending the same day', 10, inDays(10), inDays(10)],
  ])('leafNotAfter: %s', (_title, validDays, caNotAfter, expected) => {
    expect(leafNotAfter(now, validDays, caNotAfter)).toEqual(expected);
  });

  it.each([
    [inDays(10), 10],
    [inDays(10.99), 10],
    [inDays(0.1), 0],
    [inDays(-0.1), -1],
    [inDays(-5), -5],
  ])('daysUntil(%s) = %i', (until, expected) => {
    expect(daysUntil(until, now)).toBe(expected);
  });
});
