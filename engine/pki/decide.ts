import { diffSans } from './sans.js';
import type {
  CaDecision,
  CertificateDecision,
  ExistingCa,
  ExistingCertificate,
  IssueReason,
  KeyType,
  SubjectAltName,
  UnreadableCertificate,
} from './types.js';

// Whether each certificate is kept or (re)issued, and why. Pure: the caller reads the files (inspect.ts) and
// passes the clock. A certificate is reissued only for a reason an SRE would agree with; the order below is the
// order in which reasons are reported (the first that applies is the one shown).

const dayMs = 86_400_000;

/** Whole days from `now` until `until`, rounded down (negative once past). */
export function daysUntil(until: Date, now: Date): number {
  return Math.floor((until.getTime() - now.getTime()) / dayMs);
}

export interface LeafWish {
  sans: readonly SubjectAltName[];
  keyType: KeyType;
}

export function decideCertificate(
  existing: ExistingCertificate | UnreadableCertificate | undefined,
  wanted: LeafWish,
  now: Date,
  renewDays: number,
): CertificateDecision {
  const issue = (reason: IssueReason): CertificateDecision => ({ action: 'issue', reason });
  if (existing === undefined) return issue({ kind: 'missing' });
  if ('unreadable' in existing) return issue({ kind: 'unreadable', detail: existing.unreadable });
  if (!existing.keyPresent) return issue({ kind: 'key-missing' });
  if (!existing.keyMatches) return issue({ kind: 'key-mismatch' });
  if (!existing.signedByCa) return issue({ kind: 'not-signed-by-ca' });
  if (existing.key.type !== wanted.keyType) return issue({ kind: 'key-type', found: existing.key.detail, wanted: wanted.keyType });
  const { added, removed } = diffSans(existing.sans, wanted.sans);
  if (added.length > 0 || removed.length > 0) return issue({ kind: 'sans', added, removed });
  const days = daysUntil(existing.notAfter, now);
  if (days < renewDays) return issue({ kind: 'expiring', days });
  return { action: 'keep' };
}

/** The words a run shows for a reason: 'missing', 'expiring in 10 days', 'SANs differ: +IP:10.0.0.5 -DNS:old'. */
export function describeReason(reason: IssueReason): string {
  switch (reason.kind) {
    case 'missing':
      return 'missing';
    case 'unreadable':
      return `unreadable (${reason.detail})`;
    case 'key-missing':
      return 'its key is missing';
    case 'key-mismatch':
      return 'its key does not match it';
    case 'not-signed-by-ca':
      return 'not signed by this CA';
    case 'key-type':
      return `key type differs: ${reason.found}, wanted ${reason.wanted}`;
    case 'sans': {
      const changes = [...reason.added.map((s) => `+${s}`), ...reason.removed.map((s) => `-${s}`)];
      return `SANs differ: ${changes.join(' ')}`;
    }
    case 'expiring':
      if (reason.days < 0) return `expired ${-reason.days} day${reason.days === -1 ? '' : 's'} ago`;
      return `expiring in ${reason.days} day${reason.days === 1 ? '' : 's'}`;
  }
}

/**
 * The CA: created when neither file exists, else kept as it is. A CA is never replaced by a run, since every
 * member trusts it: a half-present or damaged CA stops the run with what to do (rotation is by hand, see
 * engine/pki/README.md).
 */
export function decideCa(existing: ExistingCa, now: Date, renewDays: number, dir: string): CaDecision {
  const rotate =
    'to move to a new CA instead, follow the rotation steps in engine/pki/README.md (members must trust a new CA before any of them uses a certificate it signed)';
  if (!existing.certPresent && !existing.keyPresent) return { action: 'create' };
  if (existing.certPresent && !existing.keyPresent) {
    return { action: 'refuse', message: `${dir}/ca.crt exists but ca.key is missing: restore ca.key from your backup of the PKI dir, or ${rotate}` };
  }
  if (!existing.certPresent) {
    return { action: 'refuse', message: `${dir}/ca.key exists but ca.crt is missing: restore ca.crt from your backup of the PKI dir, or ${rotate}` };
  }
  if (existing.unreadable !== undefined) {
    return { action: 'refuse', message: `${dir}/ca.crt is not a readable certificate (${existing.unreadable}): restore it from your backup, or ${rotate}` };
  }
  if (!existing.isCa) {
    return { action: 'refuse', message: `${dir}/ca.crt is not a CA certificate (no basicConstraints CA:TRUE): put the cluster's CA there, or ${rotate}` };
  }
  if (!existing.keyMatches) {
    return { action: 'refuse', message: `${dir}/ca.key is not the key of ca.crt: restore the pair from your backup, or ${rotate}` };
  }
  const days = daysUntil(existing.notAfter, now);
  if (days < 0) {
    return { action: 'refuse', message: `${dir}/ca.crt expired ${-days} days ago: no certificate it signs is valid; rotate the CA by hand (engine/pki/README.md)` };
  }
  if (days < renewDays) {
    return { action: 'keep', warning: `the CA ${dir}/ca.crt expires in ${days} days and is not renewed automatically: rotate it by hand (engine/pki/README.md)` };
  }
  return { action: 'keep' };
}

/** The end of a new leaf's validity: `validDays` from now, but never past the CA's own end. */
export function leafNotAfter(now: Date, validDays: number, caNotAfter: Date): Date {
  const wanted = new Date(now.getTime() + validDays * dayMs);
  return wanted.getTime() > caNotAfter.getTime() ? new Date(caNotAfter) : wanted;
}
