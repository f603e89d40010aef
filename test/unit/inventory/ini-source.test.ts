import { describe, expect, it } from 'vitest';
import { hostVars } from '../../../engine/inventory/host-vars.js';
import { parseInventoryText, summary } from './build.js';

// Each row: an INI inventory and what ansible-inventory 2.14 makes of it (groups with their hosts and children,
// in order, and the variables of one host), checked against the real ansible-inventory on this machine.
describe('INI inventories', () => {
  it.each([
    {
      name: 'hosts before any section are ungrouped',
      text: 'solo\n[web]\nweb1\n',
      groups: { all: { hosts: [], children: ['ungrouped', 'web'] }, ungrouped: { hosts: ['solo'], children: [] }, web: { hosts: ['web1'], children: [] } },
    },
    {
      name: 'children declared before or after their parent section',
      text: '[prod:children]\nweb\ndb\n[web]\nweb1\n[db]\ndb1\n',
      groups: {
        all: { hosts: [], children: ['ungrouped', 'prod'] },
        ungrouped: { hosts: [], children: [] },
        prod: { hosts: [], children: ['web', 'db'] },
        web: { hosts: ['web1'], children: [] },
        db: { hosts: ['db1'], children: [] },
      },
    },
    {
      name: 'a host in two groups, listed once in each',
      text: '[a]\nh1\nh1\n[b]\nh1\n',
      groups: {
        all: { hosts: [], children: ['ungrouped', 'a', 'b'] },
        ungrouped: { hosts: [], children: [] },
        a: { hosts: ['h1'], children: [] },
        b: { hosts: ['h1'], children: [] },
      },
    },
    {
      name: 'a host first ungrouped, then grouped, leaves ungrouped',
      text: 'h1\n[g]\nh1\n',
      groups: { all: { hosts: [], children: ['ungrouped', 'g'] }, ungrouped: { hosts: [], children: [] }, g: { hosts: ['h1'], children: [] } },
    },
    {
      name: 'ranges and ports',
      text: '[etcd]\netcd[1:3]:2379\n',
      groups: {
        all: { hosts: [], children: ['ungrouped', 'etcd'] },
        ungrouped: { hosts: [], children: [] },
        etcd: { hosts: ['etcd1', 'etcd2', 'etcd3'], children: [] },
      },
    },
  ])('$name', ({ text, groups }) => {
    const { inventory, diagnostics } = parseInventoryText('ini', text);
    expect(diagnostics).toEqual([]);
    expect(summary(inventory)).toEqual(groups);
  });

  it.each([
    { name: 'host line values', text: '[g]\nh x=1 y=yes z="a b" w=\'[1,2]\' f=1.5 n=None t=True s=07\n', host: 'h', vars: { x: 1, y: 'yes', z: 'a b', w: [1, 2], f: 1.5, n: null, t: true, s: '07' } },
    { name: 'a port on the host line', text: '[g]\nh:2222 ansible_host=10.0.0.1\n', host: 'h', vars: { ansible_port: 2222, ansible_host: '10.0.0.1' } },
    { name: 'group vars with spaces and comments', text: '[g]\nh\n[g:vars]\nenv = prod # trailing\nport=5432 # a number\n', host: 'h', vars: { env: 'prod # trailing', port: 5432 } },
    { name: 'child group vars beat parent group vars', text: '[p:children]\nc\n[c]\nh\n[p:vars]\nv=parent\n[c:vars]\nv=child\n', host: 'h', vars: { v: 'child' } },
    { name: 'host vars beat group vars', text: '[g]\nh v=host\n[g:vars]\nv=group\n', host: 'h', vars: { v: 'host' } },
    { name: 'all:vars are the lowest', text: 'h v=host\n[all:vars]\nv=all\nw=all\n', host: 'h', vars: { v: 'host', w: 'all' } },
    { name: 'a later host line adds to the first', text: '[a]\nh x=1\n[b]\nh y=2 x=3\n', host: 'h', vars: { x: 3, y: 2 } },
    { name: 'the first port stays', text: '[a]\nh:22\n[b]\nh:2222\n', host: 'h', vars: { ansible_port: 22 } },
  ])('$name', ({ text, host, vars }) => {
    const { inventory, diagnostics } = parseInventoryText('ini', text);
    expect(diagnostics).toEqual([]);
    const { inventory_file: _file, inventory_dir: _dir, ...own } = hostVars(inventory, host);
    expect(own).toEqual(vars);
  });
});

describe('INI inventory errors name the line and what to fix', () => {
  it.each([
    { text: '[web]\nweb1\n[prod:children]\nweb\ndatabase\n', code: 'QUORUM_INVENTORY_UNDEFINED_GROUP', line: 5, message: /\[prod:children\] names group 'database'/ },
    { text: '[web]\nweb1\n[db:vars]\nx=1\n', code: 'QUORUM_INVENTORY_UNDEFINED_GROUP', line: 3, message: /\[db:vars\] is for group 'db'/ },
    { text: '[web:hostz]\nweb1\n', code: 'QUORUM_INVENTORY_INI_SECTION', line: 1, message: /unknown type 'hostz'/ },
    { text: '[web ]\nweb1\n', code: 'QUORUM_INVENTORY_INI_SECTION', line: 1, message: /invalid section '\[web \]'/ },
    { text: '[web]\nweb1 novalue\n', code: 'QUORUM_INVENTORY_INI_HOST', line: 2, message: /expected key=value after host 'web1', got 'novalue'/ },
    { text: '[web]\nweb1:\n', code: 'QUORUM_INVENTORY_INI_HOST', line: 2, message: /ends in ':'/ },
    { text: '---\n', code: 'QUORUM_INVENTORY_INI_HOST', line: 1, message: /looks like the start of a YAML document/ },
    { text: '[web]\nweb1\n[web:vars]\nnovalue\n', code: 'QUORUM_INVENTORY_INI_VARS', line: 4, message: /expected key=value in \[web:vars\]/ },
    { text: '[web:children]\na b\n', code: 'QUORUM_INVENTORY_INI_CHILDREN', line: 2, message: /expected a group name/ },
    { text: '[web]\nweb[3:1]\n', code: 'QUORUM_INVENTORY_BAD_RANGE', line: 2, message: /begins after it ends/ },
    { text: '[a:children]\nb\n[b:children]\na\n', code: 'QUORUM_INVENTORY_GROUP_CYCLE', line: 4, message: /makes a loop/ },
    { text: '[g]\nh\n[g:vars]\nansible_group_priority=high\n', code: 'QUORUM_INVENTORY_BAD_PRIORITY', line: 4, message: /not a whole number/ },
  ])('$code at line $line', ({ text, code, line, message }) => {
    const { diagnostics } = parseInventoryText('ini', text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code, line, file: 'hosts' });
    expect(diagnostics[0]?.message).toMatch(message);
    expect(diagnostics[0]?.hint).toBeTruthy();
  });
});
