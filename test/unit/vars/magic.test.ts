import { describe, expect, it } from 'vitest';
import { HostVars } from '../../../engine/vars/hostvars.js';
import { magicVariables, type MagicInput } from '../../../engine/vars/magic.js';

// The magic variables that depend on where a task runs: play hosts (active and all), the play's name, the role.
const base: MagicInput = {
  inventoryHostname: 'etcd1.example.com',
  groups: { all: ['etcd1.example.com', 'etcd2'], ungrouped: [], etcd: ['etcd1.example.com', 'etcd2'] },
  playHosts: ['etcd1.example.com'],
  playBatch: ['etcd1.example.com'],
  checkMode: false,
  diffMode: true,
  hostvars: new HostVars([], () => {
    throw new Error('not read');
  }),
};

describe('magicVariables', () => {
  it.each<[string, Partial<MagicInput>, Record<string, unknown>]>([
    ['outside a role and a named play', {}, { inventory_hostname_short: 'etcd1', group_names: ['etcd'], ansible_play_hosts: ['etcd1.example.com'], ansible_play_hosts_all: ['etcd1.example.com'], ansible_diff_mode: true }],
    ['a host failed: play_hosts_all still has it', { playHostsAll: ['etcd1.example.com', 'etcd2'] }, { ansible_play_hosts: ['etcd1.example.com'], ansible_play_hosts_all: ['etcd1.example.com', 'etcd2'] }],
    ['in a role of a named play', { roleName: 'etcd_install', rolePath: '/r/etcd_install', playName: 'deploy' }, { role_name: 'etcd_install', role_path: '/r/etcd_install', ansible_play_name: 'deploy' }],
  ])('%s', (_title, input, expected) => {
    expect(magicVariables({ ...base, ...input })).toMatchObject(expected);
  });

  it.each<[string, Partial<MagicInput>, string]>([
    ['no role_name outside a role', {}, 'role_name'],
    ['no ansible_play_name when not given', {}, 'ansible_play_name'],
  ])('%s', (_title, input, absent) => {
    expect(Object.keys(magicVariables({ ...base, ...input }))).not.toContain(absent);
  });
});
