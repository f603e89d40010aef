import type { ClusterDecisions, PkiDirSnapshot } from './cluster-plan.js';
import { leafNotAfter } from './decide.js';
import { createCertificateAuthority, issueLeaf, type IssuedPair } from './issue.js';
import { caCertFile, caKeyFile, certMode, keyMode } from './layout.js';
import type { ClusterPkiSpec } from './types.js';

// Issues what decideCluster decided, and lists the files to write: each key before its certificate, so that a
// run cut short leaves at worst a certificate whose key does not match, which the next run reissues.

export interface PkiWrite {
  /** Relative to the PKI dir. */
  file: string;
  content: string;
  mode: number;
}

/** Issues what decideCluster decided to issue; the files come key first, then certificate. */
export async function issueCluster(spec: ClusterPkiSpec, decisions: ClusterDecisions, snapshot: PkiDirSnapshot, now: Date): Promise<PkiWrite[]> {
  if (decisions.ca.action === 'refuse') throw new Error(decisions.ca.message);
  const writes: PkiWrite[] = [];
  let ca: IssuedPair;
  if (decisions.ca.action === 'create') {
    ca = await createCertificateAuthority({ cluster: spec.cluster, keyType: spec.keyType, validDays: spec.caValidDays, now });
    writes.push({ file: caKeyFile, content: ca.keyPem, mode: keyMode }, { file: caCertFile, content: ca.certPem, mode: certMode });
  } else {
    ca = { certPem: snapshot.files.get(caCertFile)!.content, keyPem: snapshot.files.get(caKeyFile)!.content };
  }
  for (const leaf of decisions.leaves) {
    if (leaf.decision.action === 'keep') continue;
    const notAfter = leafNotAfter(now, spec.validDays, decisions.caNotAfter);
    const pair = await issueLeaf(leaf.wanted, ca, { keyType: spec.keyType, now, notAfter });
    writes.push({ file: leaf.wanted.keyFile, content: pair.keyPem, mode: keyMode }, { file: leaf.wanted.certFile, content: pair.certPem, mode: certMode });
  }
  return writes;
}
