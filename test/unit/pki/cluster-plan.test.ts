import { beforeAll, describe, expect, it } from 'vitest';
import { decideCluster, describeChanges, outcomeOf, type PkiDirSnapshot, type SnapshotFile } from '../../../engine/pki/cluster-plan.js';
import { describeReason } from '../../../engine/pki/decide.js';
import { issueCluster } from '../../../engine/pki/issue-cluster.js';
import type { ClusterPkiSpec } from '../../../engine/pki/types.js';

// A whole cluster's decisions from a PKI dir's snapshot: the snapshots come from a real issuance, changed
// the way a user's dir changes (a member added, a key chmod-ed, a CA lost).

const now = new Date('2026-06-01T00:00:00Z');

const member = (name: string, address: string) => ({ name, addresses: [address, '127.0.0.1'], dnsNames: [name, 'localhost'] });

const spec: ClusterPkiSpec = {
  cluster: 'main',
  members: [member('a', '10.0.0.1'), member('b', '10.0.0.2')],
  clients: ['admin'],
  extraSans: [],
  keyType: 'ecdsa',
  renewDays: 30,
  validDays: 825,
  caValidDays: 3650,
};

const empty: PkiDirSnapshot = { files: new Map(), dirs: new Map() };
let full: PkiDirSnapshot;
let otherCa: PkiDirSnapshot;

async function issuedSnapshot(forSpec: ClusterPkiSpec): Promise<PkiDirSnapshot> {
  const writes = await issueCluster(forSpec, decideCluster(forSpec, empty, now, '/pki'), empty, now);
  const files = new Map<string, SnapshotFile>(writes.map((w) => [w.file, { content: w.content, mode: w.mode }]));
  const dirs = new Map(['', 'members', ...forSpec.members.map((m) => `members/${m.name}`)].map((d) => [d, 0o700]));
  return { files, dirs };
}

function changed(base: PkiDirSnapshot, change: { files?: [string, SnapshotFile | undefined][]; dirs?: [string, number | undefined][] }): PkiDirSnapshot {
  const files = new Map(base.files);
  const dirs = new Map(base.dirs);
  for (const [file, value] of change.files ?? []) value === undefined ? files.delete(file) : files.set(file, value);
  for (const [dir, mode] of change.dirs ?? []) mode === undefined ? dirs.delete(dir) : dirs.set(dir, mode);
  return { files, dirs };
}

beforeAll(async () => {
  full = await issuedSnapshot(spec);
  const other = await issuedSnapshot({ ...spec, members: [] });
  otherCa = changed(full, { files: [['ca.crt', other.files.get('ca.crt')], ['ca.key', other.files.get('ca.key')]] });
});

/** The decisions in a few words: the CA's fate, each issued file with its reason, dirs and mode fixes. */
function shown(snapshot: PkiDirSnapshot, forSpec: ClusterPkiSpec = spec) {
  const decisions = decideCluster(forSpec, snapshot, now, '/pki');
  return {
    ca: decisions.ca.action === 'refuse' ? `refuse: ${decisions.ca.message.split(':')[0]}` : decisions.ca.action,
    issue: decisions.leaves.flatMap((l) => (l.decision.action === 'issue' ? [`${l.wanted.certFile}: ${describeReason(l.decision.reason)}`] : [])),
    dirs: decisions.dirs,
    modeFixes: decisions.modeFixes.map((f) => `${f.file} ${f.mode.toString(8)}`),
  };
}

const allLeaves = (reason: string) => ['members/a/server.crt', 'members/a/peer.crt', 'members/b/server.crt', 'members/b/peer.crt', 'admin.crt'].map((f) => `${f}: ${reason}`);

describe('decideCluster', () => {
  it.each<[string, () => PkiDirSnapshot, ClusterPkiSpec, ReturnType<typeof shown>]>([
    ['an empty dir', () => empty, spec, { ca: 'create', issue: allLeaves('missing'), dirs: ['', 'members', 'members/a', 'members/b'], modeFixes: [] }],
    ['a complete dir', () => full, spec, { ca: 'keep', issue: [], dirs: [], modeFixes: [] }],
    [
      'a member added',
      () => full,
      { ...spec, members: [...spec.members, member('c', '10.0.0.3')] },
      { ca: 'keep', issue: ['members/c/server.crt: missing', 'members/c/peer.crt: missing'], dirs: ['members/c'], modeFixes: [] },
    ],
    ['a member removed: its files are left alone', () => full, { ...spec, members: [spec.members[0]!] }, { ca: 'keep', issue: [], dirs: [], modeFixes: [] }],
    [
      'a key made world-readable and a certificate made private',
      () => changed(full, { files: [['admin.key', { ...full.files.get('admin.key')!, mode: 0o644 }], ['ca.crt', { ...full.files.get('ca.crt')!, mode: 0o600 }]] }),
      spec,
      { ca: 'keep', issue: [], dirs: [], modeFixes: ['ca.crt 644', 'admin.key 600'] },
    ],
    ['the dir opened to others', () => changed(full, { dirs: [['', 0o755]] }), spec, { ca: 'keep', issue: [], dirs: [''], modeFixes: [] }],
    [
      'a leaf key lost',
      () => changed(full, { files: [['members/b/peer.key', undefined]] }),
      spec,
      { ca: 'keep', issue: ['members/b/peer.crt: its key is missing'], dirs: [], modeFixes: [] },
    ],
    ['another CA put in place', () => otherCa, spec, { ca: 'keep', issue: allLeaves('not signed by this CA'), dirs: [], modeFixes: [] }],
    ['the CA lost entirely', () => changed(full, { files: [['ca.crt', undefined], ['ca.key', undefined]] }), spec, { ca: 'create', issue: allLeaves('not signed by this CA'), dirs: [], modeFixes: [] }],
    ['the CA key lost', () => changed(full, { files: [['ca.key', undefined]] }), spec, { ca: 'refuse: /pki/ca.crt exists but ca.key is missing', issue: allLeaves('not signed by this CA'), dirs: [], modeFixes: [] }],
    ['RSA wanted now', () => full, { ...spec, keyType: 'rsa' }, { ca: 'keep', issue: allLeaves('key type differs: ecdsa P-256, wanted rsa'), dirs: [], modeFixes: [] }],
    [
      'an extra SAN for every member',
      () => full,
      { ...spec, extraSans: ['etcd.example.com'] },
      { ca: 'keep', issue: allLeaves('SANs differ: +DNS:etcd.example.com').filter((l) => !l.startsWith('admin')), dirs: [], modeFixes: [] },
    ],
  ])('%s', (_title, snapshot, forSpec, expected) => {
    expect(shown(snapshot(), forSpec)).toEqual(expected);
  });

  it.each([
    ['time passes: 796 days later the leaves are within 30 days of their end', 796, 'expiring in 29 days'],
    ['794 days later they are not yet', 794, undefined],
  ])('%s', (_title, days, reason) => {
    const later = new Date(now.getTime() + days * 86_400_000);
    const decisions = decideCluster(spec, full, later, '/pki');
    const reasons = decisions.leaves.map((l) => (l.decision.action === 'issue' ? describeReason(l.decision.reason) : undefined));
    expect(new Set(reasons)).toEqual(new Set([reason]));
  });
});

describe('describeChanges: what --diff shows', () => {
  it.each<[string, () => PkiDirSnapshot, ClusterPkiSpec, { before: string; after: string }]>([
    ['nothing to do', () => full, spec, { before: '', after: '' }],
    [
      'a member added',
      () => full,
      { ...spec, members: [member('c', '10.0.0.3')] },
      {
        before: 'members/c/server.crt: absent\nmembers/c/peer.crt: absent\n',
        after:
          'members/c/server.crt: issue (missing): CN=c, DNS:c, DNS:localhost, IP:10.0.0.3, IP:127.0.0.1, until 2028-09-03\n' +
          'members/c/peer.crt: issue (missing): CN=c, DNS:c, DNS:localhost, IP:10.0.0.3, IP:127.0.0.1, until 2028-09-03\n',
      },
    ],
    [
      'an address changed',
      () => full,
      { ...spec, members: [member('a', '10.0.0.9'), spec.members[1]!], clients: [] },
      {
        before:
          'members/a/server.crt: ecdsa P-256, DNS:a, DNS:localhost, IP:10.0.0.1, IP:127.0.0.1, until 2028-09-03\n' +
          'members/a/peer.crt: ecdsa P-256, DNS:a, DNS:localhost, IP:10.0.0.1, IP:127.0.0.1, until 2028-09-03\n',
        after:
          'members/a/server.crt: issue (SANs differ: +IP:10.0.0.9 -IP:10.0.0.1): CN=a, DNS:a, DNS:localhost, IP:10.0.0.9, IP:127.0.0.1, until 2028-09-03\n' +
          'members/a/peer.crt: issue (SANs differ: +IP:10.0.0.9 -IP:10.0.0.1): CN=a, DNS:a, DNS:localhost, IP:10.0.0.9, IP:127.0.0.1, until 2028-09-03\n',
      },
    ],
  ])('%s', (_title, snapshot, forSpec, expected) => {
    const decisions = decideCluster(forSpec, snapshot(), now, '/pki');
    expect(describeChanges(decisions, () => new Date(now.getTime() + 825 * 86_400_000))).toEqual(expected);
  });
});

describe('outcomeOf: the registered issued and kept lists', () => {
  it.each<[string, () => PkiDirSnapshot, ClusterPkiSpec, ReturnType<typeof outcomeOf>]>([
    [
      'an empty dir',
      () => empty,
      { ...spec, members: [spec.members[0]!] },
      {
        issued: [
          { file: 'ca.crt', reason: 'missing' },
          { file: 'members/a/server.crt', reason: 'missing' },
          { file: 'members/a/peer.crt', reason: 'missing' },
          { file: 'admin.crt', reason: 'missing' },
        ],
        kept: [],
      },
    ],
    ['a complete dir', () => full, spec, { issued: [], kept: ['ca.crt', 'members/a/server.crt', 'members/a/peer.crt', 'members/b/server.crt', 'members/b/peer.crt', 'admin.crt'] }],
    [
      'the CA key lost: the CA is neither issued nor kept',
      () => changed(full, { files: [['ca.key', undefined]] }),
      { ...spec, members: [], clients: ['admin'] },
      { issued: [{ file: 'admin.crt', reason: 'not signed by this CA' }], kept: [] },
    ],
  ])('%s', (_title, snapshot, forSpec, expected) => {
    expect(outcomeOf(decideCluster(forSpec, snapshot(), now, '/pki'))).toEqual(expected);
  });
});
