import { describe, expect, it } from 'vitest';
import { hostVars } from '../../../engine/inventory/host-vars.js';
import { parseInventoryText, summary } from './build.js';

// YAML inventories and what ansible-inventory 2.14 makes of them, checked against the real tool.
describe('YAML inventories', () => {
  it.each([
    {
      name: 'hosts under all are ungrouped too',
      text: 'all:\n  hosts:\n    solo:\n  children:\n    web:\n      hosts:\n        web1:\n',
      groups: { all: { hosts: ['solo'], children: ['ungrouped', 'web'] }, ungrouped: { hosts: ['solo'], children: [] }, web: { hosts: ['web1'], children: [] } },
    },
    {
      name: 'top-level groups other than all, and empty groups',
      text: 'web:\n  hosts:\n    web1:\nempty:\n',
      groups: { all: { hosts: [], children: ['ungrouped', 'web', 'empty'] }, ungrouped: { hosts: [], children: [] }, web: { hosts: ['web1'], children: [] }, empty: { hosts: [], children: [] } },
    },
    {
      name: 'a string where a mapping is allowed',
      text: 'web:\n  hosts: web1\n  children: db\n',
      groups: { all: { hosts: [], children: ['ungrouped', 'web'] }, ungrouped: { hosts: [], children: [] }, web: { hosts: ['web1'], children: ['db'] }, db: { hosts: [], children: [] } },
    },
    {
      name: 'ranges with a port',
      text: 'etcd:\n  hosts:\n    "etcd[1:2]:2379":\n',
      groups: { all: { hosts: [], children: ['ungrouped', 'etcd'] }, ungrouped: { hosts: [], children: [] }, etcd: { hosts: ['etcd1', 'etcd2'], children: [] } },
    },
  ])('$name', ({ text, groups }) => {
    const { inventory, diagnostics } = parseInventoryText('yaml', text);
    expect(diagnostics).toEqual([]);
    expect(summary(inventory)).toEqual(groups);
  });

  it.each([
    { name: 'YAML 1.1 values', text: 'all:\n  hosts:\n    h:\n      a: yes\n      b: 010\n      c: 1e3\n      d: "yes"\n', vars: { a: true, b: 8, c: '1e3', d: 'yes' } },
    { name: 'group priority decides between siblings', text: 'all:\n  children:\n    a:\n      hosts: {h: }\n      vars: {v: a, ansible_group_priority: 10}\n    b:\n      hosts: {h: }\n      vars: {v: b}\n', vars: { v: 'a' } },
    { name: 'siblings of equal priority: the later name wins', text: 'all:\n  children:\n    b:\n      hosts: {h: }\n      vars: {v: b}\n    a:\n      hosts: {h: }\n      vars: {v: a}\n', vars: { v: 'b' } },
    { name: 'a deeper group wins over a shallower one', text: 'all:\n  children:\n    z:\n      hosts: {h: }\n      vars: {v: shallow}\n    p:\n      children:\n        c:\n          hosts: {h: }\n          vars: {v: deep}\n', vars: { v: 'deep' } },
    { name: 'dicts are replaced, not merged', text: 'all:\n  vars:\n    d: {a: 1, b: 2}\n  hosts:\n    h:\n      d: {c: 3}\n', vars: { d: { c: 3 } } },
    { name: 'a host port and ansible_port in its vars', text: 'all:\n  hosts:\n    "h:22":\n      ansible_port: 2222\n', vars: { ansible_port: 2222 } },
  ])('$name', ({ text, vars }) => {
    const { inventory, diagnostics } = parseInventoryText('yaml', text);
    expect(diagnostics).toEqual([]);
    const { inventory_file: _file, inventory_dir: _dir, ...own } = hostVars(inventory, 'h');
    expect(own).toEqual(vars);
  });
});

describe('YAML inventory errors', () => {
  it.each([
    { text: '', code: 'QUORUM_INVENTORY_EMPTY', line: 1 },
    { text: '- web1\n- web2\n', code: 'QUORUM_INVENTORY_YAML_STRUCTURE', line: 1 },
    { text: 'plugin: aws_ec2\n', code: 'QUORUM_INVENTORY_PLUGIN', line: 1 },
    { text: 'web:\n  - web1\n', code: 'QUORUM_INVENTORY_YAML_STRUCTURE', line: 2 },
    { text: 'web:\n  host:\n    web1:\n', code: 'QUORUM_INVENTORY_UNKNOWN_KEY', line: 2 },
    { text: 'web:\n  hosts:\n    - web1\n', code: 'QUORUM_INVENTORY_YAML_STRUCTURE', line: 3 },
    { text: 'web:\n  vars: [a, b]\n', code: 'QUORUM_INVENTORY_YAML_STRUCTURE', line: 2 },
    { text: 'web:\n  hosts:\n    web1: [a]\n', code: 'QUORUM_INVENTORY_YAML_STRUCTURE', line: 3 },
    { text: 'web:\n  hosts:\n    "web[3:1]":\n', code: 'QUORUM_INVENTORY_BAD_RANGE', line: 3 },
    { text: 'a:\n  children:\n    b:\n      children:\n        a:\n', code: 'QUORUM_INVENTORY_GROUP_CYCLE', line: 3 },
  ])('$code at line $line', ({ text, code, line }) => {
    const { diagnostics } = parseInventoryText('yaml', text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: 'error', code, line, file: 'hosts' });
    expect(diagnostics[0]?.hint).toBeTruthy();
  });
});
