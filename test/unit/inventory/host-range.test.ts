import { describe, expect, it } from 'vitest';
import { expandHostEntry, HostRangeError } from '../../../engine/inventory/host-range.js';

// Expected names follow Ansible's expand_hostname_range and parse_address (ansible-core 2.14).
describe('expandHostEntry', () => {
  it.each([
    ['web1', ['web1'], undefined],
    ['web1:2222', ['web1'], 2222],
    ['10.0.0.1', ['10.0.0.1'], undefined],
    ['10.0.0.1:22', ['10.0.0.1'], 22],
    ['[::1]:2222', ['::1'], 2222],
    ['fe80::1', ['fe80::1'], undefined],
    ['node[1:3]', ['node1', 'node2', 'node3'], undefined],
    ['node[01:03]', ['node01', 'node02', 'node03'], undefined],
    ['node[001:003].example.com', ['node001.example.com', 'node002.example.com', 'node003.example.com'], undefined],
    ['node[1:9:3]', ['node1', 'node4', 'node7'], undefined],
    ['node[:2]', ['node0', 'node1', 'node2'], undefined],
    ['rack-[a:c]', ['rack-a', 'rack-b', 'rack-c'], undefined],
    ['rack-[a:e:2]', ['rack-a', 'rack-c', 'rack-e'], undefined],
    ['r[a:b]-n[1:2]', ['ra-n1', 'ra-n2', 'rb-n1', 'rb-n2'], undefined],
    ['node[1:2]:2222', ['node1', 'node2'], 2222],
    ['10.0.0.[1:3]', ['10.0.0.1', '10.0.0.2', '10.0.0.3'], undefined],
    ['node[3:3]', ['node3'], undefined],
  ] as const)('%s', (entry, names, port) => {
    expect(expandHostEntry(entry)).toEqual({ names, port });
  });
});

describe('expandHostEntry refuses bad ranges', () => {
  it.each([
    ['node[5:1]', /begins after it ends \(5 > 1\)/],
    ['rack-[c:a]', /begins after it ends \('c' > 'a'\)/],
    ['node[01:5]', /zero-padded begin '01' and an end '5' of a different width/],
    ['node[a:5]', /neither both numbers nor both single letters/],
    ['node[1:]', /has no end value/],
    ['node[1]', /must be begin:end or begin:end:step/],
    ['node[1:2:3:4]', /must be begin:end or begin:end:step/],
    ['node[1:5:0]', /step '0'/],
    ['node[1:3', /has no closing '\]'/],
  ])('%s', (entry, message) => {
    expect(() => expandHostEntry(entry)).toThrow(HostRangeError);
    expect(() => expandHostEntry(entry)).toThrow(message);
  });
});
