import { describe, expect, it } from 'vitest';
import { parseSshArgs, splitOptionAssignment } from '../../../engine/connect/ssh-args.js';

describe('splitOptionAssignment', () => {
  it.each([
    ['ProxyJump=a@b:2', { key: 'proxyjump', value: 'a@b:2' }],
    ['ProxyJump a@b', { key: 'proxyjump', value: 'a@b' }],
    ['UserKnownHostsFile = /x /y', { key: 'userknownhostsfile', value: '/x /y' }],
    ['=x', undefined],
    ['', undefined],
  ])('%j -> %j', (text, expected) => {
    expect(splitOptionAssignment(text)).toEqual(expected);
  });
});

describe('parseSshArgs', () => {
  it.each([
    { words: [], options: [], destination: undefined, stdioForward: undefined, ignored: [], errors: [] },
    {
      words: ['-o', 'ProxyJump=j', '-oPort=2200', '-p', '22', '-l', 'me', '-i', 'k', '-J', 'x'],
      options: [
        { key: 'proxyjump', value: 'j' },
        { key: 'port', value: '2200' },
        { key: 'port', value: '22' },
        { key: 'user', value: 'me' },
        { key: 'identityfile', value: 'k' },
        { key: 'proxyjump', value: 'x' },
      ],
      destination: undefined, stdioForward: undefined, ignored: [], errors: [],
    },
    {
      words: ['-qT', '-W', '%h:%p', '-p2222', 'admin@bastion', 'uptime'],
      options: [{ key: 'port', value: '2222' }],
      destination: 'admin@bastion', stdioForward: '%h:%p', ignored: ['uptime (a remote command is not used)'], errors: [],
    },
    {
      words: ['-F', 'cfg', '-L', '80:x:80', '-Z', '-o'],
      options: [], destination: undefined, stdioForward: undefined,
      ignored: ['-F cfg (ssh config files are not read: put the options in ansible_ssh_common_args)', '-L 80:x:80'],
      errors: ['-Z: ssh has no flag -Z', '-o needs a value after it'],
    },
    {
      words: ['-W', '%h:%p', 'core@bastion', '-i', '/k', 'uptime', '-x'],
      options: [{ key: 'identityfile', value: '/k' }],
      destination: 'core@bastion', stdioForward: '%h:%p', ignored: ['uptime -x (a remote command is not used)'], errors: [],
    },
    {
      words: ['-o', 'NoValue'],
      options: [], destination: undefined, stdioForward: undefined, ignored: [],
      errors: ['-o NoValue: expected Key=Value, for example -o ProxyJump=user@bastion:22'],
    },
  ])('$words', ({ words, ...expected }) => {
    const parsed = parseSshArgs(words);
    expect({ destination: undefined, stdioForward: undefined, ...parsed }).toEqual(expected);
  });
});
