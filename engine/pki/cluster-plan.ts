import { decideCa, decideCertificate, describeReason } from './decide.js';
import { inspectCa, inspectCertificate } from './inspect.js';
import { caCertFile, caKeyFile, certMode, dirMode, keyMode, wantedCertificates, wantedDirs } from './layout.js';
import { formatSan } from './sans.js';
import type { CaDecision, CertificateDecision, ClusterPkiSpec, ExistingCertificate, UnreadableCertificate, WantedCertificate } from './types.js';

// From what the PKI dir holds (a snapshot read by read-dir.ts) to what a run does about it: the CA's fate,
// each leaf's keep-or-issue, the directories and modes to fix. No I/O and no key material here; issuing the
// decided certificates is issue-cluster.ts.

/** A file as found in the PKI dir, by its path relative to the dir. */
export interface SnapshotFile {
  content: string;
  mode: number;
}

export interface PkiDirSnapshot {
  files: ReadonlyMap<string, SnapshotFile>;
  /** Existing directories ('' is the PKI dir itself) and their modes. */
  dirs: ReadonlyMap<string, number>;
}

export interface LeafVerdict {
  wanted: WantedCertificate;
  existing: ExistingCertificate | UnreadableCertificate | undefined;
  decision: CertificateDecision;
}

export interface ClusterDecisions {
  ca: CaDecision;
  /** When the CA (kept or about to be created) stops being valid: no leaf outlives it. */
  caNotAfter: Date;
  leaves: LeafVerdict[];
  /** Directories to create or chmod to 0700 (relative; '' is the PKI dir). */
  dirs: string[];
  /** Kept files whose mode is not the contract's. */
  modeFixes: { file: string; mode: number }[];
}

export function decideCluster(spec: ClusterPkiSpec, snapshot: PkiDirSnapshot, now: Date, dir: string): ClusterDecisions {
  const read = (file: string) => snapshot.files.get(file)?.content;
  const ca = inspectCa(read(caCertFile), read(caKeyFile));
  const caDecision = decideCa(ca.existing, now, spec.renewDays, dir);
  // A CA about to be created signs nothing that exists yet: every leaf is then reissued.
  const trusted = caDecision.action === 'keep' ? ca.certificate : undefined;
  const leaves = wantedCertificates(spec).map((wanted): LeafVerdict => {
    const existing = inspectCertificate(read(wanted.certFile), read(wanted.keyFile), trusted);
    const decision = decideCertificate(existing, { sans: wanted.sans, keyType: spec.keyType }, now, spec.renewDays);
    return { wanted, existing, decision };
  });
  const dirs = wantedDirs(spec).filter((d) => snapshot.dirs.get(d) !== dirMode);
  const keptFiles = [
    ...(caDecision.action === 'keep' ? [{ file: caCertFile, mode: certMode }, { file: caKeyFile, mode: keyMode }] : []),
    ...leaves
      .filter((l) => l.decision.action === 'keep')
      .flatMap((l) => [
        { file: l.wanted.certFile, mode: certMode },
        { file: l.wanted.keyFile, mode: keyMode },
      ]),
  ];
  const modeFixes = keptFiles.filter(({ file, mode }) => snapshot.files.get(file)?.mode !== mode);
  const caNotAfter = caDecision.action === 'create' ? new Date(now.getTime() + spec.caValidDays * 86_400_000) : ca.existing.notAfter;
  return { ca: caDecision, caNotAfter, leaves, dirs, modeFixes };
}

/** The certificates a run issues (with the reason shown to the user) and those it keeps, by file. */
export function outcomeOf(decisions: ClusterDecisions): { issued: { file: string; reason: string }[]; kept: string[] } {
  const issued: { file: string; reason: string }[] = [];
  const kept: string[] = [];
  if (decisions.ca.action === 'create') issued.push({ file: caCertFile, reason: 'missing' });
  else if (decisions.ca.action === 'keep') kept.push(caCertFile);
  for (const leaf of decisions.leaves) {
    if (leaf.decision.action === 'keep') kept.push(leaf.wanted.certFile);
    else issued.push({ file: leaf.wanted.certFile, reason: describeReason(leaf.decision.reason) });
  }
  return { issued, kept };
}

/** One line per certificate to issue, before and after, for `--diff`: names, reasons and dates, never key material. */
export function describeChanges(decisions: ClusterDecisions, notAfterOf: (wanted: WantedCertificate) => Date): { before: string; after: string } {
  const before: string[] = [];
  const after: string[] = [];
  if (decisions.ca.action === 'create') {
    before.push(`${caCertFile}: absent`);
    after.push(`${caCertFile}: new CA`);
  }
  for (const leaf of decisions.leaves) {
    if (leaf.decision.action !== 'issue') continue;
    const existing = leaf.existing;
    if (existing === undefined) before.push(`${leaf.wanted.certFile}: absent`);
    else if ('unreadable' in existing) before.push(`${leaf.wanted.certFile}: unreadable`);
    else {
      const sans = existing.sans.map(formatSan).join(', ') || 'no SANs';
      before.push(`${leaf.wanted.certFile}: ${existing.key.detail}, ${sans}, until ${existing.notAfter.toISOString().slice(0, 10)}`);
    }
    const sans = leaf.wanted.sans.map(formatSan).join(', ') || 'no SANs';
    const until = notAfterOf(leaf.wanted).toISOString().slice(0, 10);
    after.push(`${leaf.wanted.certFile}: issue (${describeReason(leaf.decision.reason)}): CN=${leaf.wanted.commonName}, ${sans}, until ${until}`);
  }
  const lines = (l: string[]) => (l.length === 0 ? '' : `${l.join('\n')}\n`);
  return { before: lines(before), after: lines(after) };
}
