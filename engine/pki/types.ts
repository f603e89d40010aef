// The shapes of a cluster's PKI: what is wanted, what was found in the PKI dir, and what to do about it.
// Everything here is plain data so that the decisions (decide.ts) stay pure and are tested as tables.

export const keyTypes = ['ecdsa', 'rsa'] as const;
/** ecdsa is P-256 with SHA-256; rsa is 2048 bits, PKCS#1 v1.5 signatures with SHA-256. */
export type KeyType = (typeof keyTypes)[number];

/** A subjectAltName entry. `other` keeps a kind quorum never issues (email, URI) so that it still counts as a difference. */
export interface SubjectAltName {
  kind: 'dns' | 'ip' | 'other';
  /** dns: lower case; ip: the canonical text form (see sans.ts); other: as printed. */
  value: string;
}

/** What a leaf certificate is for; its key usages follow from it. */
export type LeafPurpose = 'server-and-client' | 'client';

/** One leaf certificate the cluster needs, with the files it lives in (relative to the PKI dir). */
export interface WantedCertificate {
  certFile: string;
  keyFile: string;
  commonName: string;
  purpose: LeafPurpose;
  sans: SubjectAltName[];
}

/** The key found in a certificate (or a key file): its family and the detail that names it ('P-256', '2048 bits'). */
export interface KeyDescription {
  type: KeyType | 'other';
  detail: string;
}

/** What was read of a leaf certificate already in the PKI dir. */
export interface ExistingCertificate {
  sans: SubjectAltName[];
  notAfter: Date;
  key: KeyDescription;
  /** Issued by the cluster's CA and its signature checks out with the CA's public key. */
  signedByCa: boolean;
  /** Whether the key file beside it exists. */
  keyPresent: boolean;
  /** Whether that key is this certificate's private key. */
  keyMatches: boolean;
}

/** A file that could not be read as a certificate (not PEM, truncated). */
export interface UnreadableCertificate {
  unreadable: string;
}

/** Why a leaf certificate is (re)issued; `describeReason` gives the words the run shows. */
export type IssueReason =
  | { kind: 'missing' }
  | { kind: 'unreadable'; detail: string }
  | { kind: 'key-missing' }
  | { kind: 'key-mismatch' }
  | { kind: 'not-signed-by-ca' }
  | { kind: 'key-type'; found: string; wanted: KeyType }
  | { kind: 'sans'; added: string[]; removed: string[] }
  | { kind: 'expiring'; days: number };

export type CertificateDecision = { action: 'keep' } | { action: 'issue'; reason: IssueReason };

/** What was read of the CA files. */
export interface ExistingCa {
  certPresent: boolean;
  keyPresent: boolean;
  /** Set when ca.crt could not be read as a certificate. */
  unreadable?: string;
  /** basicConstraints CA:TRUE. */
  isCa: boolean;
  keyMatches: boolean;
  notAfter: Date;
}

/** The CA is never regenerated once it exists: it is created, kept (maybe with a warning), or the run refuses. */
export type CaDecision =
  | { action: 'create' }
  | { action: 'keep'; warning?: string }
  | { action: 'refuse'; message: string };

/** One member of the cluster as the module's `members` argument gives it. */
export interface MemberSpec {
  name: string;
  /** IP addresses; a name given here is taken as a DNS name (an ansible_host may be a name). */
  addresses: string[];
  dnsNames: string[];
}

/** Everything that decides which certificates a cluster has and how long they live. */
export interface ClusterPkiSpec {
  cluster: string;
  members: MemberSpec[];
  clients: string[];
  /** Added to every member's server and peer certificate. */
  extraSans: string[];
  keyType: KeyType;
  renewDays: number;
  validDays: number;
  caValidDays: number;
}
