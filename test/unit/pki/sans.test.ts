import { describe, expect, it } from 'vitest';
import { canonicalIp, diffSans, formatSan, parseNodeSubjectAltName, sanFromText, uniqueSans } from '../../../engine/pki/sans.js';
import type { SubjectAltName } from '../../../engine/pki/types.js';

const dns = (value: string): SubjectAltName => ({ kind: 'dns', value });
const ip = (value: string): SubjectAltName => ({ kind: 'ip', value });

describe('canonicalIp', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['::1', '::1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:0db8:0000:0001:0000:0000:0000:0000', '2001:db8:0:1::'],
    ['fe80:0:0:0:1:0:0:0', 'fe80::1:0:0:0'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2:3:4:5:6'],
    ['2001:db8:0:1:2:3:4:5', '2001:db8:0:1:2:3:4:5'],
    ['::ffff:10.0.0.1', '::ffff:a00:1'],
    ['::', '::'],
    ['etcd-1', undefined],
    ['1.2.3', undefined],
    ['10.0.0.256', undefined],
  ])('%j -> %j', (text, expected) => {
    expect(canonicalIp(text)).toBe(expected);
  });
});

describe('sanFromText', () => {
  it.each([
    ['10.0.0.1', ip('10.0.0.1')],
    ['0:0:0:0:0:0:0:1', ip('::1')],
    ['etcd-1', dns('etcd-1')],
    ['Etcd-1.Example.COM', dns('etcd-1.example.com')],
    ['etcd.example.com.', dns('etcd.example.com')],
    ['*.etcd.local', dns('*.etcd.local')],
    ['localhost', dns('localhost')],
    ['', { error: "'' is neither an IP address nor a DNS name" }],
    ['bad name', { error: "'bad name' is neither an IP address nor a DNS name" }],
    ['-leading-dash', { error: "'-leading-dash' is neither an IP address nor a DNS name" }],
    ['a..b', { error: "'a..b' is neither an IP address nor a DNS name" }],
  ])('%j -> %j', (text, expected) => {
    expect(sanFromText(text)).toEqual(expected);
  });
});

describe('parseNodeSubjectAltName (node X509Certificate.subjectAltName)', () => {
  it.each<[string | undefined, SubjectAltName[]]>([
    [undefined, []],
    ['', []],
    ['DNS:etcd-1, IP Address:127.0.0.1', [dns('etcd-1'), ip('127.0.0.1')]],
    ['DNS:ETCD-1', [dns('etcd-1')]],
    ['IP Address:0:0:0:0:0:0:0:1', [ip('::1')]],
    ['IP Address:FE80:0:0:0:0:0:0:1, DNS:a', [ip('fe80::1'), dns('a')]],
    ['URI:spiffe://cluster/etcd', [{ kind: 'other', value: 'URI:spiffe://cluster/etcd' }]],
    ['email:ops@example.com', [{ kind: 'other', value: 'email:ops@example.com' }]],
    ['DNS:"a,b", DNS:c', [dns('a,b'), dns('c')]],
  ])('%j', (text, expected) => {
    expect(parseNodeSubjectAltName(text)).toEqual(expected);
  });
});

describe('formatSan and uniqueSans', () => {
  it.each<[SubjectAltName[], string[]]>([
    [[dns('b'), ip('10.0.0.1'), dns('a')], ['DNS:a', 'DNS:b', 'IP:10.0.0.1']],
    [[dns('a'), dns('a'), ip('::1'), ip('::1')], ['DNS:a', 'IP:::1']],
    [[{ kind: 'other', value: 'URI:x' }], ['URI:x']],
    [[], []],
  ])('%j -> %j', (sans, expected) => {
    expect(uniqueSans(sans).map(formatSan)).toEqual(expected);
  });
});

describe('diffSans is set-based', () => {
  it.each<[string, SubjectAltName[], SubjectAltName[], { added: string[]; removed: string[] }]>([
    ['same, other order', [dns('a'), ip('10.0.0.1')], [ip('10.0.0.1'), dns('a')], { added: [], removed: [] }],
    ['duplicates count once', [dns('a'), dns('a')], [dns('a')], { added: [], removed: [] }],
    ['an IPv6 written two ways', parseNodeSubjectAltName('IP Address:0:0:0:0:0:0:0:1'), [sanFromText('::1') as SubjectAltName], { added: [], removed: [] }],
    ['one added', [dns('a')], [dns('a'), ip('10.0.0.4')], { added: ['IP:10.0.0.4'], removed: [] }],
    ['one removed', [dns('a'), dns('old')], [dns('a')], { added: [], removed: ['DNS:old'] }],
    ['an address moved', [ip('10.0.0.3')], [ip('10.0.0.13')], { added: ['IP:10.0.0.13'], removed: ['IP:10.0.0.3'] }],
    ['a SAN kind quorum never issues', [dns('a'), { kind: 'other', value: 'URI:x' }], [dns('a')], { added: [], removed: ['URI:x'] }],
  ])('%s', (_title, existing, wanted, expected) => {
    expect(diffSans(existing, wanted)).toEqual(expected);
  });
});
