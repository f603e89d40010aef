import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { parseNodeSubjectAltName } from './sans.js';
import type { ExistingCa, ExistingCertificate, KeyDescription, UnreadableCertificate } from './types.js';

// Reading what the PKI dir already holds, with node's own X509Certificate: a run that keeps every certificate
// never loads the issuing library (issue.ts) at all.

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The key family and size of a key object, in the words decide.ts reports. */
export function describeKey(key: KeyObject): KeyDescription {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    const curve = details.namedCurve === 'prime256v1' ? 'P-256' : (details.namedCurve ?? 'unknown curve');
    return { type: curve === 'P-256' ? 'ecdsa' : 'other', detail: `ecdsa ${curve}` };
  }
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    // Stronger RSA keys than the 2048 bits quorum issues are kept: only weaker ones count as a different type.
    return { type: bits >= 2048 ? 'rsa' : 'other', detail: `rsa ${bits} bits` };
  }
  return { type: 'other', detail: key.asymmetricKeyType ?? 'unknown key type' };
}

function privateKeyOf(pem: string | undefined): KeyObject | undefined {
  if (pem === undefined) return undefined;
  try {
    return createPrivateKey(pem);
  } catch {
    return undefined;
  }
}

/** The CA certificate as node parsed it, for checking leaves against. */
export type CaCertificate = X509Certificate;

export function inspectCa(certPem: string | undefined, keyPem: string | undefined): { existing: ExistingCa; certificate?: CaCertificate } {
  const existing: ExistingCa = {
    certPresent: certPem !== undefined,
    keyPresent: keyPem !== undefined,
    isCa: false,
    keyMatches: false,
    notAfter: new Date(0),
  };
  if (certPem === undefined) return { existing };
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch (error) {
    return { existing: { ...existing, unreadable: reasonOf(error) } };
  }
  const key = privateKeyOf(keyPem);
  existing.isCa = certificate.ca;
  existing.keyMatches = key !== undefined && certificate.checkPrivateKey(key);
  existing.notAfter = new Date(certificate.validTo);
  return { existing, certificate };
}

export function inspectCertificate(
  certPem: string | undefined,
  keyPem: string | undefined,
  ca: CaCertificate | undefined,
): ExistingCertificate | UnreadableCertificate | undefined {
  if (certPem === undefined) return undefined;
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certPem);
  } catch (error) {
    return { unreadable: reasonOf(error) };
  }
  const key = privateKeyOf(keyPem);
  return {
    sans: parseNodeSubjectAltName(certificate.subjectAltName),
    notAfter: new Date(certificate.validTo),
    key: describeKey(certificate.publicKey),
    signedByCa: ca !== undefined && certificate.checkIssued(ca) && certificate.verify(ca.publicKey),
    keyPresent: keyPem !== undefined,
    keyMatches: key !== undefined && certificate.checkPrivateKey(key),
  };
}
