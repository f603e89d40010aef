import { createPrivateKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeKey, inspectCa, inspectCertificate } from '../../../engine/pki/inspect.js';
import { createCertificateAuthority, issueLeaf, type IssuedPair } from '../../../engine/pki/issue.js';
import type { KeyType, SubjectAltName } from '../../../engine/pki/types.js';

// Issuing for real (in-process WebCrypto, no mocks) and reading back with node's X509Certificate: key types,
// validity windows, usages and SANs.

const now = new Date('2026-06-01T12:00:00Z');
const day = 86_400_000;

describe('describeKey: which keys count as the wanted type', () => {
  const keyOf = (generate: () => { publicKey: KeyObject }) => generate().publicKey;
  it.each<[string, () => KeyObject, string, string]>([
    ['ECDSA P-256', () => keyOf(() => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })), 'ecdsa', 'ecdsa P-256'],
    ['ECDSA P-384', () => keyOf(() => generateKeyPairSync('ec', { namedCurve: 'secp384r1' })), 'other', 'ecdsa secp384r1'],
    ['RSA 2048', () => keyOf(() => generateKeyPairSync('rsa', { modulusLength: 2048 })), 'rsa', 'rsa 2048 bits'],
    ['RSA 1024 (too weak)', () => keyOf(() => generateKeyPairSync('rsa', { modulusLength: 1024 })), 'other', 'rsa 1024 bits'],
    ['Ed25519', () => keyOf(() => generateKeyPairSync('ed25519')), 'other', 'ed25519'],
  ])('%s', (_title, make, type, detail) => {
    expect(describeKey(make())).toEqual({ type, detail });
  });
});

describe.each<[KeyType, string, string]>([
  ['ecdsa', 'ecdsa P-256', 'ecdsa-with-SHA256'],
  ['rsa', 'rsa 2048 bits', 'sha256WithRSAEncryption'],
])('issuing with key_type %s', (keyType, keyDetail, signature) => {
  let ca: IssuedPair;
  let server: IssuedPair;
  let client: IssuedPair;
  const sans: SubjectAltName[] = [
    { kind: 'dns', value: 'etcd-1' },
    { kind: 'ip', value: '10.0.0.1' },
    { kind: 'ip', value: 'fd00::1' },
  ];
  const notAfter = new Date(now.getTime() + 825 * day);

  beforeAll(async () => {
    ca = await createCertificateAuthority({ cluster: 'main', keyType, validDays: 3650, now });
    server = await issueLeaf({ commonName: 'etcd-1', purpose: 'server-and-client', sans }, ca, { keyType, now, notAfter });
    client = await issueLeaf({ commonName: 'admin', purpose: 'client', sans: [] }, ca, { keyType, now, notAfter });
  });

  it.each<[string, () => string | boolean | undefined, string | boolean | undefined]>([
    ['CA subject', () => new X509Certificate(ca.certPem).subject, 'CN=etcd-ca-main'],
    ['CA is a CA', () => new X509Certificate(ca.certPem).ca, true],
    ['CA valid from 5 minutes before now', () => new Date(new X509Certificate(ca.certPem).validFrom).toISOString(), '2026-06-01T11:55:00.000Z'],
    ['CA valid for ca_valid_days', () => new Date(new X509Certificate(ca.certPem).validTo).toISOString(), new Date(now.getTime() + 3650 * day).toISOString()],
    ['CA key type', () => describeKey(new X509Certificate(ca.certPem).publicKey).detail, keyDetail],
    ['CA key in PKCS#8 PEM', () => ca.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n') && ca.keyPem.endsWith('-----END PRIVATE KEY-----\n'), true],
    ['leaf subject', () => new X509Certificate(server.certPem).subject, 'CN=etcd-1'],
    ['leaf issuer', () => new X509Certificate(server.certPem).issuer, 'CN=etcd-ca-main'],
    ['leaf is not a CA', () => new X509Certificate(server.certPem).ca, false],
    ['leaf SANs (IPv6 as node prints it)', () => new X509Certificate(server.certPem).subjectAltName, 'DNS:etcd-1, IP Address:10.0.0.1, IP Address:FD00:0:0:0:0:0:0:1'],
    ['leaf valid until the given date', () => new Date(new X509Certificate(server.certPem).validTo).toISOString(), notAfter.toISOString()],
    ['leaf key type', () => describeKey(new X509Certificate(server.certPem).publicKey).detail, keyDetail],
    ['leaf key in PKCS#8 PEM', () => server.keyPem.startsWith('-----BEGIN PRIVATE KEY-----\n'), true],
    ['client has no SANs', () => new X509Certificate(client.certPem).subjectAltName, undefined],
    ['signature algorithm', () => signatureAlgorithm(server.certPem), signature],
    ['server usages', () => extendedUsages(server.certPem), 'serverAuth clientAuth'],
    ['client usages', () => extendedUsages(client.certPem), 'clientAuth'],
  ])('%s', (_title, read, expected) => {
    expect(read()).toEqual(expected);
  });

  it('reads back as a healthy certificate of its CA with the SANs it was issued with', () => {
    const { existing, certificate } = inspectCa(ca.certPem, ca.keyPem);
    expect(existing).toEqual({ certPresent: true, keyPresent: true, isCa: true, keyMatches: true, notAfter: new Date(now.getTime() + 3650 * day) });
    expect(inspectCertificate(server.certPem, server.keyPem, certificate)).toEqual({
      sans,
      notAfter,
      key: { type: keyType, detail: keyDetail },
      signedByCa: true,
      keyPresent: true,
      keyMatches: true,
    });
    expect(inspectCertificate(server.certPem, client.keyPem, certificate)).toMatchObject({ keyPresent: true, keyMatches: false });
  });
});

describe('inspect: what cannot be trusted', () => {
  it.each<[string, () => Promise<unknown>, unknown]>([
    ['no certificate', async () => inspectCertificate(undefined, undefined, undefined), undefined],
    ['a file that is not PEM', async () => inspectCertificate('garbage', undefined, undefined), { unreadable: expect.any(String) }],
    [
      'a leaf of another CA',
      async () => {
        const mine = await createCertificateAuthority({ cluster: 'a', keyType: 'ecdsa', validDays: 10, now });
        const other = await createCertificateAuthority({ cluster: 'a', keyType: 'ecdsa', validDays: 10, now });
        const leaf = await issueLeaf({ commonName: 'x', purpose: 'client', sans: [] }, other, { keyType: 'ecdsa', now, notAfter: new Date(now.getTime() + day) });
        return inspectCertificate(leaf.certPem, leaf.keyPem, inspectCa(mine.certPem, mine.keyPem).certificate);
      },
      expect.objectContaining({ signedByCa: false, keyMatches: true }),
    ],
    ['a CA key that is not PEM', async () => inspectCa(undefined, 'garbage').existing, { certPresent: false, keyPresent: true, isCa: false, keyMatches: false, notAfter: new Date(0) }],
  ])('%s', async (_title, read, expected) => {
    expect(await read()).toEqual(expected);
  });
});

function signatureAlgorithm(pem: string): string {
  // node does not expose it; the OID sits in the DER right after the TBS certificate.
  const der = new X509Certificate(pem).raw.toString('hex');
  if (der.includes('06082a8648ce3d040302')) return 'ecdsa-with-SHA256';
  if (der.includes('06092a864886f70d01010b')) return 'sha256WithRSAEncryption';
  return 'unknown';
}

function extendedUsages(pem: string): string {
  const der = new X509Certificate(pem).raw.toString('hex');
  const usages: string[] = [];
  if (der.includes('06082b06010505070301')) usages.push('serverAuth');
  if (der.includes('06082b06010505070302')) usages.push('clientAuth');
  return usages.join(' ');
}

describe('a CA key in the PEM forms other tools write', () => {
  it.each<[string, KeyType, 'sec1' | 'pkcs1' | 'pkcs8']>([
    ['SEC1 (BEGIN EC PRIVATE KEY)', 'ecdsa', 'sec1'],
    ['PKCS#1 (BEGIN RSA PRIVATE KEY)', 'rsa', 'pkcs1'],
    ['PKCS#8 (BEGIN PRIVATE KEY)', 'ecdsa', 'pkcs8'],
  ])('%s signs leaves that verify with the CA', async (_title, keyType, format) => {
    const ca = await createCertificateAuthority({ cluster: 'x', keyType, validDays: 10, now });
    const keyPem = createPrivateKey(ca.keyPem).export({ type: format, format: 'pem' }).toString();
    const leaf = await issueLeaf({ commonName: 'm', purpose: 'client', sans: [] }, { certPem: ca.certPem, keyPem }, { keyType: 'ecdsa', now, notAfter: new Date(now.getTime() + day) });
    expect(new X509Certificate(leaf.certPem).verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
  });

  it.each([
    ['an Ed25519 key', generateKeyPairSync('ed25519').privateKey, 'the CA key is of type ed25519: quorum signs with ECDSA or RSA CA keys'],
    ['a secp256k1 key', generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, 'the CA key uses the curve secp256k1: quorum signs with P-256, P-384 or RSA CA keys'],
  ])('refuses %s with a message', async (_title, key, message) => {
    const ca = await createCertificateAuthority({ cluster: 'x', keyType: 'ecdsa', validDays: 10, now });
    const keyPem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    await expect(issueLeaf({ commonName: 'm', purpose: 'client', sans: [] }, { certPem: ca.certPem, keyPem }, { keyType: 'ecdsa', now, notAfter: now })).rejects.toThrow(message);
  });
});
