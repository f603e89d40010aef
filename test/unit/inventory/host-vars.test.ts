import { describe, expect, it } from 'vitest';
import { hostVars } from '../../../engine/inventory/host-vars.js';
import { parseInventoryText, varsDir } from './build.js';

// Ansible's precedence between inventory variables and group_vars/ and host_vars/ files, lowest first:
// all (inventory) < other groups (inventory) < group_vars/all < group_vars/<group> < host (inventory) < host_vars.
// Each row was checked with ansible-inventory --host on the same files.
const ini = '[parent:children]\nchild\n[child]\nh v=host_inventory\n[other]\nh\n';

describe('hostVars precedence', () => {
  it.each([
    {
      name: 'group_vars/all beats every group var written in the inventory',
      text: '[g]\nh\n[g:vars]\nv=g_inventory\n[all:vars]\nv=all_inventory\n',
      dir: varsDir({ all: { v: 'all_file' } }),
      expected: 'all_file',
    },
    {
      name: 'group_vars/<group> beats group_vars/all',
      text: '[g]\nh\n',
      dir: varsDir({ all: { v: 'all_file' }, g: { v: 'g_file' } }),
      expected: 'g_file',
    },
    {
      name: 'group_vars of a child beats its parent',
      text: ini.replace(' v=host_inventory', ''),
      dir: varsDir({ parent: { v: 'parent_file' }, child: { v: 'child_file' } }),
      expected: 'child_file',
    },
    {
      name: 'group_vars of two siblings at the same depth: the later name wins',
      text: '[b]\nh\n[a]\nh\n',
      dir: varsDir({ a: { v: 'a_file' }, b: { v: 'b_file' } }),
      expected: 'b_file',
    },
    {
      name: 'a group written deeper in the tree wins over a shallower sibling name',
      text: ini.replace(' v=host_inventory', ''),
      dir: varsDir({ other: { v: 'other_file' }, child: { v: 'child_file' } }),
      expected: 'child_file',
    },
    {
      name: 'inventory host vars beat group_vars files',
      text: ini,
      dir: varsDir({ all: { v: 'all_file' }, child: { v: 'child_file' } }),
      expected: 'host_inventory',
    },
    {
      name: 'host_vars beat inventory host vars',
      text: ini,
      dir: varsDir({}, { h: { v: 'host_file' } }),
      expected: 'host_file',
    },
  ])('$name', ({ text, dir, expected }) => {
    const { inventory } = parseInventoryText('ini', text, [dir]);
    expect(hostVars(inventory, 'h')['v']).toBe(expected);
  });

  it('replaces dictionaries instead of merging them', () => {
    const { inventory } = parseInventoryText('ini', '[g]\nh\n[g:vars]\nd={"a": 1, "b": 2}\n', [varsDir({}, { h: { d: { c: 3 } } })]);
    expect(hostVars(inventory, 'h')['d']).toEqual({ c: 3 });
  });

  it.each([
    { name: 'of the host', host: 'h', expected: { inventory_file: '/inv/hosts', inventory_dir: '/inv' } },
    { name: 'of an unknown host', host: 'nosuchhost', expected: {} },
  ])('inventory_file and inventory_dir $name', ({ host, expected }) => {
    const { inventory } = parseInventoryText('ini', '[g]\nh\n');
    expect(hostVars(inventory, host)).toEqual(expected);
  });
});
