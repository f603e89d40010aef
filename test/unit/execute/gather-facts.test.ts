import { describe, expect, it } from 'vitest';
import { factVariables, parseFacts } from '../../../engine/execute/gather-facts.js';

const debianLab = [
  'hostname=h1',
  'fqdn=h1.lab',
  'system=Linux',
  'kernel=6.1.0-18-amd64',
  'machine=x86_64',
  'os_id=debian',
  'os_version=12',
  'os_like=',
  'os_codename=bookworm',
  'service_mgr=sh',
  'user_id=quorum-lab',
  'user_uid=1001',
  'ipv4=lo 127.0.0.1',
  'ipv4=eth0 10.0.0.5',
  'nproc=2',
  'memtotal_kb=24576000',
].join('\n');

describe('parseFacts', () => {
  it.each<[string, string, Record<string, unknown>]>([
    [
      'a Debian host without systemd',
      debianLab,
      {
        hostname: 'h1',
        fqdn: 'h1.lab',
        system: 'Linux',
        architecture: 'x86_64',
        distribution: 'Debian',
        distribution_version: '12',
        distribution_major_version: '12',
        distribution_release: 'bookworm',
        os_family: 'Debian',
        service_mgr: 'sh',
        user_id: 'quorum-lab',
        user_uid: 1001,
        all_ipv4_addresses: ['10.0.0.5'],
        interfaces: ['lo', 'eth0'],
        processor_nproc: 2,
        memtotal_mb: 24000,
      },
    ],
    [
      'an Ubuntu host with systemd',
      'hostname=node1.example.com\nos_id=ubuntu\nos_version=22.04\nos_like=debian\nservice_mgr=systemd',
      { hostname: 'node1', nodename: 'node1.example.com', distribution: 'Ubuntu', distribution_major_version: '22', os_family: 'Debian', service_mgr: 'systemd' },
    ],
    [
      'a derivative known only by ID_LIKE',
      'os_id=mint\nos_like=ubuntu debian',
      { distribution: 'Mint', os_family: 'Debian' },
    ],
    ['a minimal host that printed little', 'hostname=x', { hostname: 'x', distribution: 'Unknown', all_ipv4_addresses: [], service_mgr: 'unknown' }],
  ])('%s', (_name, output, expected) => {
    expect(parseFacts(output)).toMatchObject(expected);
  });
});

describe('factVariables', () => {
  it('gives each fact as ansible_<name> and all of them as ansible_facts', () => {
    expect(factVariables({ hostname: 'h1', service_mgr: 'systemd' })).toEqual({
      ansible_facts: { hostname: 'h1', service_mgr: 'systemd' },
      ansible_hostname: 'h1',
      ansible_service_mgr: 'systemd',
    });
  });
});
