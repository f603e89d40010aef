import { describe, expect, it } from 'vitest';
import { becomeDialog, buildRemoteCommand, type RemoteCommandOptions } from '../../../engine/connect/remote-command.js';

describe('buildRemoteCommand', () => {
  it.each<[string, string, RemoteCommandOptions, string]>([
    ['plain', 'uptime', {}, 'uptime'],
    ['cwd', 'ls', { cwd: '/var/lib/etcd dir' }, `cd '/var/lib/etcd dir' && { ls\n}`],
    ['env exported in the line', 'env', { env: { A: '1', B_2: "it's" } }, `export A=1 && export B_2='it'\\''s' && { env\n}`],
    ['timeout wraps the whole line', 'sleep 9', { cwd: '/tmp', timeoutMs: 1500 }, `exec timeout -k 2 1.5 /bin/sh -c 'cd /tmp && { sleep 9\n}'`],
    ['timeout alone', 'sleep 9', { timeoutMs: 1500 }, `exec timeout -k 2 1.5 /bin/sh -c 'sleep 9'`],
    ['become root without a password', 'id -u', { become: {} }, `exec sudo -H -n -u root -- /bin/sh -c 'id -u'`],
    [
      'become user: cwd, env and timeout inside sudo',
      'pwd',
      { become: { user: 'etcd' }, cwd: '/var/lib/etcd', env: { X: 'y' }, timeoutMs: 1000 },
      `exec sudo -H -n -u etcd -- /bin/sh -c 'exec timeout -k 2 1 /bin/sh -c '\\''cd /var/lib/etcd && export X=y && { pwd\n}'\\'''`,
    ],
    [
      'become with a password: sudo -S with our prompt, marker first',
      'id',
      { become: { password: 'pw' } },
      `exec sudo -H -S -p '[quorum become abc] password:' -u root -- /bin/sh -c 'echo QUORUM-BECOME-SUCCESS-abc; id'`,
    ],
  ])('%s', (_title, command, options, line) => {
    expect(buildRemoteCommand(command, options, becomeDialog('abc'))).toBe(line);
  });

  it.each([['1X'], ['A-B'], ['']])('refuses the environment variable name %j', (name) => {
    expect(() => buildRemoteCommand('true', { env: { [name]: 'v' } })).toThrow(`environment variable name ${JSON.stringify(name)} is not valid in a shell`);
  });
});
