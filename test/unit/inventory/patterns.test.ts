import { describe, expect, it } from 'vitest';
import { selectHosts, splitHostPattern } from '../../../engine/inventory/patterns.js';
import { parseInventoryText } from './build.js';

// An inventory like Ansible's documentation examples; the expected selections, in order, are what ansible-core
// 2.14's InventoryManager.get_hosts returns for the same patterns on the same inventory (checked on this machine).
const { inventory } = parseInventoryText(
  'ini',
  [
    'lb.example.com',
    '[webservers]',
    'web1.prod.example.com',
    'web2.prod.example.com',
    'web3.stage.example.com',
    '[dbservers]',
    'db1.prod.example.com',
    'db2.stage.example.com',
    '[production:children]',
    'webservers_prod',
    'dbservers_prod',
    '[webservers_prod]',
    'web1.prod.example.com',
    'web2.prod.example.com',
    '[dbservers_prod]',
    'db1.prod.example.com',
    '[staging]',
    'web3.stage.example.com',
    'db2.stage.example.com',
    '',
  ].join('\n'),
);

describe('selectHosts', () => {
  it.each([
    ['all', ['lb.example.com', 'web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com', 'db1.prod.example.com', 'db2.stage.example.com']],
    ['*', ['lb.example.com', 'web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com', 'db1.prod.example.com', 'db2.stage.example.com']],
    ['webservers', ['web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com']],
    ['webservers:dbservers', ['web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com', 'db1.prod.example.com', 'db2.stage.example.com']],
    ['dbservers,webservers', ['db1.prod.example.com', 'db2.stage.example.com', 'web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com']],
    ['webservers:&staging', ['web3.stage.example.com']],
    ['webservers:!staging', ['web1.prod.example.com', 'web2.prod.example.com']],
    ['!staging:webservers', ['web1.prod.example.com', 'web2.prod.example.com']],
    ['!staging', ['lb.example.com', 'web1.prod.example.com', 'web2.prod.example.com', 'db1.prod.example.com']],
    ['production', ['web1.prod.example.com', 'web2.prod.example.com', 'db1.prod.example.com']],
    ['webservers[0]', ['web1.prod.example.com']],
    ['webservers[-1]', ['web3.stage.example.com']],
    ['webservers[0:1]', ['web1.prod.example.com', 'web2.prod.example.com']],
    ['webservers[1:]', ['web2.prod.example.com', 'web3.stage.example.com']],
    ['~web[12]\\.prod', ['web1.prod.example.com', 'web2.prod.example.com']],
    ['~prod', ['web1.prod.example.com', 'web2.prod.example.com', 'db1.prod.example.com']],
    ['*.stage.example.com', ['web3.stage.example.com', 'db2.stage.example.com']],
    ['web*', ['web1.prod.example.com', 'web2.prod.example.com', 'web3.stage.example.com']],
    ['db?.prod.example.com', ['db1.prod.example.com']],
    ['db[12].prod.example.com', ['db1.prod.example.com']],
    ['lb.example.com:db1.prod.example.com', ['lb.example.com', 'db1.prod.example.com']],
    ['ungrouped', ['lb.example.com']],
    ['nosuchgroup', []],
    ['all:!production:!staging', ['lb.example.com']],
  ])('%s', (pattern, hosts) => {
    expect(selectHosts(inventory, pattern)).toEqual(hosts);
  });

  it.each([
    ['webservers[5]', /no hosts matched the subscripted pattern 'webservers\[5\]' \(it matches 3 hosts\)/],
    ['~web(', /invalid host pattern '~web\(': not a valid regular expression/],
  ])('%s is refused', (pattern, message) => {
    expect(() => selectHosts(inventory, pattern)).toThrow(message);
  });
});

describe('splitHostPattern', () => {
  it.each([
    ['a:b', ['a', 'b']],
    ['a,b', ['a', 'b']],
    [' a , b ', ['a', 'b']],
    ['a:&b:!c', ['a', '&b', '!c']],
    ['g[0:2]', ['g[0:2]']],
    ['g[0:2]:h', ['g[0:2]', 'h']],
    ['node[01:05]', ['node[01:05]']],
    ['10.0.0.1', ['10.0.0.1']],
    ['fe80::1', ['fe80::1']],
    // Ansible's IPv6 expression accepts anything after an IPv6-looking start, so this stays one pattern.
    ['2001:db8::*', ['2001:db8::*']],
    ['fe80::1%eth0', ['fe80::1%eth0']],
    ['a,b:c', ['a', 'b:c']],
  ])('%s', (pattern, parts) => {
    expect(splitHostPattern(pattern)).toEqual(parts);
  });
});
