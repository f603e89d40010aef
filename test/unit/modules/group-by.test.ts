import { describe, expect, it } from 'vitest';
import { group_by } from '../../../engine/modules/group_by.js';
import type { JsonObject } from '../../../engine/modules/types.js';
import { planFor } from './plan-context.js';

// group_by names the group and its parents as Ansible's action plugin does (add_group, parent_groups, spaces
// made dashes); the executor joins the host and decides `changed`.
describe('group_by', () => {
  it.each<[string, JsonObject, { failed: boolean; msg?: string; values: JsonObject }]>([
    ['a key, parents default to all', { key: 'etcd_3.5' }, { failed: false, values: { add_group: 'etcd_3.5', parent_groups: ['all'] } }],
    ['spaces become dashes, in parents too', { key: 'os Debian 12', parents: ['by os', 'all'] }, { failed: false, values: { add_group: 'os-Debian-12', parent_groups: ['by-os', 'all'] } }],
    ['one parent as a string', { key: 'front', parents: 'tiers' }, { failed: false, values: { add_group: 'front', parent_groups: ['tiers'] } }],
    ['an empty key', { key: '' }, { failed: true, msg: 'group_by: the key is empty once templated', values: {} }],
  ])('%s', (_title, args, expected) => {
    const plan = planFor(group_by, args, {}, undefined);
    expect({ failed: plan.failed ?? false, ...(plan.msg !== undefined ? { msg: plan.msg } : {}), values: plan.values }).toEqual(expected);
    expect([plan.steps.length, plan.changed]).toEqual([0, false]);
  });

  it.each<[string, JsonObject, string]>([
    ['no key', {}, 'missing required arguments: key'],
  ])('rejects %s', (_title, args, message) => {
    expect(group_by.check(args).problems.map((p) => p.message)).toEqual([message]);
  });
});
