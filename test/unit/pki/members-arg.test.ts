import { describe, expect, it } from 'vitest';
import type { JsonValue } from '../../../engine/modules/types.js';
import { readMembers } from '../../../engine/pki/members-arg.js';
import type { MemberSpec } from '../../../engine/pki/types.js';

describe('readMembers: the members argument as a task writes it', () => {
  it.each<[string, JsonValue[], MemberSpec[], string[]]>([
    [
      'the role form',
      [{ name: 'etcd-1', addresses: ['10.0.0.1', '127.0.0.1'], dns_names: ['etcd-1', 'localhost'] }],
      [{ name: 'etcd-1', addresses: ['10.0.0.1', '127.0.0.1'], dnsNames: ['etcd-1', 'localhost'] }],
      [],
    ],
    ['one address as a string', [{ name: 'a', addresses: '10.0.0.1' }], [{ name: 'a', addresses: ['10.0.0.1'], dnsNames: [] }], []],
    ['no dns_names', [{ name: 'a', addresses: ['10.0.0.1'], dns_names: null }], [{ name: 'a', addresses: ['10.0.0.1'], dnsNames: [] }], []],
    ['a bare string', ['etcd-1'], [], ['members[0]: expected a dict with name, addresses and dns_names, got "etcd-1"']],
    ['no name', [{ addresses: ['10.0.0.1'] }], [], ["members[0].name: required, the member's inventory_hostname"]],
    [
      'an unknown key (a typo)',
      [{ name: 'a', address: ['10.0.0.1'] }],
      [{ name: 'a', addresses: [], dnsNames: [] }],
      ['members[0]: unknown keys address (a member has name, addresses and dns_names)'],
    ],
    [
      'addresses as a dict',
      [{ name: 'a', addresses: { ip: '10.0.0.1' } }],
      [{ name: 'a', addresses: [], dnsNames: [] }],
      ['members[0].addresses: expected a list of strings, got {"ip":"10.0.0.1"}'],
    ],
  ])('%s', (_title, raw, members, problems) => {
    expect(readMembers(raw)).toEqual({ members, problems });
  });
});
