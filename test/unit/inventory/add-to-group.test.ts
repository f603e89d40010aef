import { describe, expect, it } from 'vitest';
import { addHostToGroup, hostsOfGroup, groupsOfHost, selectHosts } from '../../../engine/inventory/index.js';
import { parseInventoryText } from './build.js';

// What group_by does to an inventory: each row adds one host to one group under some parents, and reads back
// the groups, memberships, depths and `changed` that ansible-core's _add_group gives.
const text = '[etcd]\ne1\ne2\n\n[web]\nw1\n\n[loners]\n\n[solo:children]\nloners\n';
const lone = 'lonely\n[etcd]\ne1\n';

describe('addHostToGroup', () => {
  it.each<[string, string, string, string, string[], { changed: boolean; created: string[]; members: string[]; groupsOfHost: string[]; depth: number; ungrouped: string[] }]>([
    ['a new group under all', text, 'e1', 'v3.5', ['all'], { changed: true, created: ['v3.5'], members: ['e1'], groupsOfHost: ['all', 'etcd', 'v3.5'], depth: 1, ungrouped: [] }],
    ['an existing group the host is in already', text, 'e1', 'etcd', ['all'], { changed: false, created: [], members: ['e1', 'e2'], groupsOfHost: ['all', 'etcd'], depth: 1, ungrouped: [] }],
    ['an existing group, new to the host', text, 'w1', 'etcd', ['all'], { changed: true, created: [], members: ['e1', 'e2', 'w1'], groupsOfHost: ['all', 'etcd', 'web'], depth: 1, ungrouped: [] }],
    ['a new parent is created under all', text, 'e2', 'front', ['tiers'], { changed: true, created: ['front', 'tiers'], members: ['e2'], groupsOfHost: ['all', 'etcd', 'front', 'tiers'], depth: 2, ungrouped: [] }],
    ['under an existing nested parent', text, 'w1', 'deep', ['loners'], { changed: true, created: ['deep'], members: ['w1'], groupsOfHost: ['all', 'deep', 'loners', 'solo', 'web'], depth: 3, ungrouped: [] }],
    ['an ungrouped host leaves ungrouped', lone, 'lonely', 'found', ['all'], { changed: true, created: ['found'], members: ['lonely'], groupsOfHost: ['all', 'found'], depth: 1, ungrouped: [] }],
  ])('%s', (_title, source, host, group, parents, expected) => {
    const { inventory } = parseInventoryText('ini', source);
    const before = JSON.stringify([...inventory.groups.values()]);
    const added = addHostToGroup(inventory, host, group, parents);
    expect({
      changed: added.changed,
      created: [...added.createdGroups].sort(),
      members: hostsOfGroup(added.inventory, group),
      groupsOfHost: groupsOfHost(added.inventory, host).map((g) => g.name).sort(),
      depth: added.inventory.groups.get(group)!.depth,
      ungrouped: added.inventory.groups.get('ungrouped')!.hosts,
    }).toEqual(expected);
    // The inventory it was given is left as it was: other hosts' scopes may still read it.
    expect(JSON.stringify([...inventory.groups.values()])).toBe(before);
  });

  it.each<[string, string, string[], string]>([
    ['a host pattern sees the new group', 'made', ['all'], 'made'],
    ['and its parent', 'made', ['parent'], 'parent:&made'],
  ])('%s', (_title, group, parents, pattern) => {
    const { inventory } = parseInventoryText('ini', text);
    const once = addHostToGroup(inventory, 'e2', group, parents).inventory;
    const twice = addHostToGroup(once, 'w1', group, parents).inventory;
    expect(selectHosts(twice, pattern)).toEqual(['e2', 'w1']);
  });

  it.each<[string, string, string[], string]>([
    ['a group as its own parent', 'etcd', ['etcd'], "adding group 'etcd' as a child of 'etcd' makes a loop (a group cannot contain itself)"],
    ['a parent that is its child', 'solo', ['loners'], "adding group 'solo' as a child of 'loners' makes a loop (a group cannot contain itself)"],
  ])('refuses %s', (_title, group, parents, message) => {
    const { inventory } = parseInventoryText('ini', text);
    expect(() => addHostToGroup(inventory, 'e1', group, parents)).toThrow(message);
  });
});
