import { describe, expect, it } from 'vitest';
import { checkClusterSpec, wantedCertificates, wantedDirs } from '../../../engine/pki/layout.js';
import { formatSan } from '../../../engine/pki/sans.js';
import type { ClusterPkiSpec } from '../../../engine/pki/types.js';

const spec: ClusterPkiSpec = {
  cluster: 'main',
  members: [
    { name: 'etcd-1', addresses: ['10.0.0.1', '127.0.0.1'], dnsNames: ['etcd-1', 'localhost'] },
    { name: 'etcd-2', addresses: ['etcd-2.example.com', '10.0.0.2'], dnsNames: ['ETCD-2'] },
  ],
  clients: ['admin', 'kube-apiserver-etcd-client'],
  extraSans: ['etcd.example.com', '10.0.0.100'],
  keyType: 'ecdsa',
  renewDays: 30,
  validDays: 825,
  caValidDays: 3650,
};

describe('wantedCertificates: the PKI dir layout and each certificate SANs', () => {
  const expected: [string, string][] = [
    ['members/etcd-1/server.crt', 'members/etcd-1/server.key CN=etcd-1 server-and-client [DNS:etcd-1 DNS:etcd.example.com DNS:localhost IP:10.0.0.1 IP:10.0.0.100 IP:127.0.0.1]'],
    ['members/etcd-1/peer.crt', 'members/etcd-1/peer.key CN=etcd-1 server-and-client [DNS:etcd-1 DNS:etcd.example.com DNS:localhost IP:10.0.0.1 IP:10.0.0.100 IP:127.0.0.1]'],
    ['members/etcd-2/server.crt', 'members/etcd-2/server.key CN=etcd-2 server-and-client [DNS:etcd-2 DNS:etcd-2.example.com DNS:etcd.example.com IP:10.0.0.100 IP:10.0.0.2]'],
    ['members/etcd-2/peer.crt', 'members/etcd-2/peer.key CN=etcd-2 server-and-client [DNS:etcd-2 DNS:etcd-2.example.com DNS:etcd.example.com IP:10.0.0.100 IP:10.0.0.2]'],
    ['admin.crt', 'admin.key CN=admin client []'],
    ['kube-apiserver-etcd-client.crt', 'kube-apiserver-etcd-client.key CN=kube-apiserver-etcd-client client []'],
  ];
  const shown = new Map(wantedCertificates(spec).map((c) => [c.certFile, `${c.keyFile} CN=${c.commonName} ${c.purpose} [${c.sans.map(formatSan).join(' ')}]`]));

  it('lists exactly these certificates, members first', () => {
    expect([...shown.keys()]).toEqual(expected.map(([file]) => file));
  });

  it.each(expected)('%s', (certFile, line) => {
    expect(shown.get(certFile)).toBe(line);
  });

  it.each([
    [spec, ['', 'members', 'members/etcd-1', 'members/etcd-2']],
    [{ ...spec, members: [] }, ['', 'members']],
  ])('wantedDirs %#', (input, expected) => {
    expect(wantedDirs(input)).toEqual(expected);
  });
});

describe('checkClusterSpec: one message per problem, naming the argument', () => {
  it.each<[string, Partial<ClusterPkiSpec>, string[]]>([
    ['a usable spec', {}, []],
    ['no members', { members: [] }, ["members: the list is empty; give every member of the cluster (the role takes groups['etcd'])"]],
    [
      'a member name that climbs out of the dir',
      { members: [{ name: '../etc', addresses: ['10.0.0.1'], dnsNames: [] }] },
      ["members[0].name: '../etc' cannot name a directory (letters, digits, '.', '_' and '-' only)"],
    ],
    [
      'a member given twice',
      { members: [{ name: 'a', addresses: ['10.0.0.1'], dnsNames: [] }, { name: 'a', addresses: ['10.0.0.2'], dnsNames: [] }] },
      ["members[1].name: 'a' is given twice"],
    ],
    ['a member with no names', { members: [{ name: 'a', addresses: [], dnsNames: [] }] }, ['members[0] (a): no addresses and no dns_names: a certificate needs at least one name']],
    [
      'bad addresses and names',
      { members: [{ name: 'a', addresses: ['10.0.0.1/24'], dnsNames: ['a b'] }] },
      ["members[0].addresses: '10.0.0.1/24' is neither an IP address nor a DNS name", "members[0].dns_names: 'a b' is neither an IP address nor a DNS name"],
    ],
    ['a client named ca', { clients: ['ca'] }, ["clients[0]: 'ca' cannot name a certificate file (letters, digits, '.', '_' and '-'; not 'ca')"]],
    ['a client with a slash', { clients: ['x/y'] }, ["clients[0]: 'x/y' cannot name a certificate file (letters, digits, '.', '_' and '-'; not 'ca')"]],
    ['no clients at all', { clients: [] }, []],
    ['a bad extra SAN', { extraSans: ['ok.example.com', 'not ok'] }, ["extra_sans[1]: 'not ok' is neither an IP address nor a DNS name"]],
    ['a cluster name with a space', { cluster: 'my cluster' }, ["cluster: 'my cluster' is not a usable name (letters, digits, '.', '_' and '-')"]],
    ['valid_days not above renew_days', { validDays: 30 }, ['valid_days (30) must be more than renew_days (30), or every run would reissue every certificate']],
    ['leaves outliving the CA', { caValidDays: 365 }, ['ca_valid_days (365) must be at least valid_days (825): no certificate outlives its CA']],
    ['a negative renew_days', { renewDays: -1 }, ['renew_days: -1 is negative']],
  ])('%s', (_title, change, expected) => {
    expect(checkClusterSpec({ ...spec, ...change })).toEqual(expected);
  });
});
