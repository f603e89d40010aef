import { describe, expect, it } from 'vitest';
import { limitFilter, renderGraph, renderHost, renderList } from '../../../engine/inventory/render.js';
import { parseInventoryText } from './build.js';

// The three views against what ansible-inventory 2.14 prints for the same INI text (checked on this machine).
const { inventory } = parseInventoryText('ini', 'solo\n[prod:children]\nweb\ndb\n[web]\nweb1 port=80\nweb2\n[db]\ndb1\n[empty]\n');

describe('renderGraph', () => {
  it.each([
    {
      start: 'all',
      limit: undefined,
      text: ['@all:', '  |--@ungrouped:', '  |  |--solo', '  |--@prod:', '  |  |--@web:', '  |  |  |--web1', '  |  |  |--web2', '  |  |--@db:', '  |  |  |--db1', '  |--@empty:'],
    },
    { start: 'prod', limit: undefined, text: ['@prod:', '  |--@web:', '  |  |--web1', '  |  |--web2', '  |--@db:', '  |  |--db1'] },
    { start: 'prod', limit: 'web1', text: ['@prod:', '  |--@web:', '  |  |--web1', '  |--@db:'] },
  ])('--graph $start --limit $limit', ({ start, limit, text }) => {
    expect(renderGraph(inventory, start, limitFilter(inventory, limit))).toBe(text.join('\n'));
  });
});

describe('renderList and renderHost', () => {
  it.each([
    {
      limit: undefined,
      list: {
        _meta: { hostvars: { web1: { port: 80 } } },
        all: { children: ['ungrouped', 'prod', 'empty'] },
        ungrouped: { hosts: ['solo'] },
        prod: { children: ['web', 'db'] },
        web: { hosts: ['web1', 'web2'] },
        db: { hosts: ['db1'] },
      },
    },
    {
      limit: 'db:solo',
      list: {
        _meta: { hostvars: {} },
        all: { children: ['ungrouped', 'prod', 'empty'] },
        ungrouped: { hosts: ['solo'] },
        prod: { children: ['web', 'db'] },
        db: { hosts: ['db1'] },
      },
    },
  ])('--list --limit $limit', ({ limit, list }) => {
    expect(JSON.parse(renderList(inventory, limitFilter(inventory, limit)))).toEqual(list);
  });

  it.each([
    { pattern: 'web1', text: '{\n    "port": 80\n}' },
    { pattern: 'db1', text: '{}' },
    { pattern: 'web[0]', text: '{\n    "port": 80\n}' },
  ])('--host $pattern', ({ pattern, text }) => {
    expect(renderHost(inventory, pattern, () => true)).toBe(text);
  });

  it.each([
    { pattern: 'web', message: /selects 2/ },
    { pattern: 'nosuchhost', message: /selects 0/ },
  ])('--host $pattern is refused', ({ pattern, message }) => {
    expect(() => renderHost(inventory, pattern, () => true)).toThrow(message);
  });
});
