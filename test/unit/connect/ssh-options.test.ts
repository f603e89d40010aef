import { describe, expect, it } from 'vitest';
import { parseJumpSpec, sshTargetFromVars, type HostVariables, type SshTarget } from '../../../engine/connect/ssh-options.js';

const context = { homeDir: '/home/sre', localUser: 'sre' };
const base: SshTarget = {
  name: 'h1',
  host: 'h1',
  port: 22,
  user: 'sre',
  identityFiles: [],
  knownHostsFiles: ['/home/sre/.ssh/known_hosts'],
  hostKeyChecking: 'strict',
  jumps: [],
  connectTimeoutMs: 10_000,
  keepaliveIntervalMs: 15_000,
  keepaliveCountMax: 3,
  retries: 2,
};
const jumpBase = { port: 22, user: 'sre', identityFiles: [], knownHostsFiles: ['/home/sre/.ssh/known_hosts'], hostKeyChecking: 'strict' as const };

describe('sshTargetFromVars: targets', () => {
  it.each<{ title: string; vars: HostVariables; accept?: boolean; expected: Partial<SshTarget> }>([
    { title: 'no variables', vars: {}, expected: {} },
    {
      title: 'ansible_host, port, user, key',
      vars: { ansible_host: '10.0.0.5', ansible_port: 2222, ansible_user: 'admin', ansible_ssh_private_key_file: '~/.ssh/id_etcd' },
      expected: { host: '10.0.0.5', port: 2222, user: 'admin', identityFiles: ['/home/sre/.ssh/id_etcd'] },
    },
    {
      title: 'old ansible_ssh_* aliases and an INI port string',
      vars: { ansible_ssh_host: 'a.example', ansible_ssh_port: '2200', ansible_ssh_user: 'u', ansible_private_key_file: '/k' },
      expected: { host: 'a.example', port: 2200, user: 'u', identityFiles: ['/k'] },
    },
    {
      title: 'ansible_port wins over -p in the common args (first value wins, as in OpenSSH)',
      vars: { ansible_port: 2201, ansible_ssh_common_args: '-p 2202 -o User=x' },
      expected: { port: 2201, user: 'x' },
    },
    {
      title: 'identity files accumulate: the variable first, then -i',
      vars: { ansible_ssh_private_key_file: '/a', ansible_ssh_common_args: '-i /b -o IdentityFile=~/c' },
      expected: { identityFiles: ['/a', '/b', '/home/sre/c'] },
    },
    {
      title: 'ProxyJump with user and port',
      vars: { ansible_ssh_common_args: '-o ProxyJump=admin@bastion:2022' },
      expected: { jumps: [{ ...jumpBase, host: 'bastion', port: 2022, user: 'admin' }] },
    },
    {
      title: 'ProxyJump chain; -J; jumps inherit keys and known_hosts',
      vars: { ansible_ssh_private_key_file: '/k', ansible_ssh_extra_args: '-J j1,ops@j2' },
      expected: {
        identityFiles: ['/k'],
        jumps: [
          { ...jumpBase, host: 'j1', identityFiles: ['/k'] },
          { ...jumpBase, host: 'j2', user: 'ops', identityFiles: ['/k'] },
        ],
      },
    },
    {
      title: 'quorum_jump_host',
      vars: { quorum_jump_host: 'ops@127.0.32.1:22' },
      expected: { jumps: [{ ...jumpBase, host: '127.0.32.1', user: 'ops' }] },
    },
    {
      title: "Kubespray's bastion ProxyCommand",
      vars: {
        ansible_ssh_common_args:
          '-o ProxyCommand="ssh -o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -W %h:%p -p 2222 core@bastion -i /bkey"',
      },
      expected: {
        jumps: [{ host: 'bastion', port: 2222, user: 'core', identityFiles: ['/bkey'], knownHostsFiles: [], hostKeyChecking: 'off' }],
      },
    },
    {
      title: 'ProxyJump=none',
      vars: { ansible_ssh_common_args: '-o ProxyJump=none' },
      expected: {},
    },
    {
      title: 'UserKnownHostsFile list and quorum_known_hosts_file first',
      vars: { quorum_known_hosts_file: '/lab/known_hosts', ansible_ssh_common_args: '-o "UserKnownHostsFile=~/a /dev/null /b"' },
      expected: { knownHostsFiles: ['/lab/known_hosts', '/home/sre/a', '/b'] },
    },
    {
      title: 'GlobalKnownHostsFile is checked after the user files',
      vars: { ansible_ssh_common_args: '-o GlobalKnownHostsFile=/etc/ssh/ssh_known_hosts' },
      expected: { knownHostsFiles: ['/home/sre/.ssh/known_hosts', '/etc/ssh/ssh_known_hosts'] },
    },
    { title: 'HostKeyAlias', vars: { ansible_ssh_common_args: '-o HostKeyAlias=etcd-1' }, expected: { hostKeyAlias: 'etcd-1' } },
    { title: '--accept-new-host-keys', vars: {}, accept: true, expected: { hostKeyChecking: 'accept-new' } },
    {
      title: 'StrictHostKeyChecking=accept-new in the args',
      vars: { ansible_ssh_common_args: '-o StrictHostKeyChecking=accept-new' },
      expected: { hostKeyChecking: 'accept-new' },
    },
    {
      title: '--accept-new-host-keys does not undo an explicit yes... it upgrades only the default strict',
      vars: { ansible_ssh_common_args: '-o StrictHostKeyChecking=yes' },
      accept: true,
      expected: { hostKeyChecking: 'accept-new' },
    },
    {
      title: 'timeouts, keepalive and attempts',
      vars: { ansible_ssh_common_args: '-o ConnectTimeout=3 -o ServerAliveInterval=5 -o ServerAliveCountMax=2 -o ConnectionAttempts=4' },
      expected: { connectTimeoutMs: 3000, keepaliveIntervalMs: 5000, keepaliveCountMax: 2, retries: 3 },
    },
    {
      title: 'ansible_timeout and ansible_ssh_retries',
      vars: { ansible_timeout: 7, ansible_ssh_retries: 0 },
      expected: { connectTimeoutMs: 7000, retries: 0 },
    },
    {
      title: 'Control* options from ansible.cfg ssh_args are accepted silently',
      vars: { ansible_ssh_args: '-C -o ControlMaster=auto -o ControlPersist=60s' },
      expected: {},
    },
  ])('$title', ({ vars, accept, expected }) => {
    const { target, diagnostics } = sshTargetFromVars('h1', vars, { ...context, acceptNewHostKeys: accept ?? false });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(target).toEqual({ ...base, ...expected });
  });
});

describe('sshTargetFromVars: bad values name the host, the variable, and the fix', () => {
  it.each<{ vars: HostVariables; messages: string[] }>([
    { vars: { ansible_port: 'ssh' }, messages: ['error QUORUM_SSH_OPTION host h1: ansible_port: "ssh" is not a port number (use a whole number from 1 to 65535)'] },
    { vars: { ansible_port: 70000 }, messages: ['error QUORUM_SSH_OPTION host h1: ansible_port: "70000" is not a port number (use a whole number from 1 to 65535)'] },
    { vars: { ansible_user: ['a'] }, messages: ['error QUORUM_SSH_OPTION host h1: ansible_user: expected a string or a number, got a list'] },
    { vars: { ansible_ssh_common_args: "-o 'ProxyJump=x" }, messages: ['error QUORUM_SSH_OPTION host h1: ansible_ssh_common_args: a single quote is never closed (close the quote)'] },
    {
      vars: { ansible_ssh_common_args: '-o ProxyJump=a@b:99999' },
      messages: ['error QUORUM_SSH_OPTION host h1: ansible_ssh_common_args: ProxyJump "a@b:99999" is not [user@]host[:port] (for example -o ProxyJump=admin@bastion.example.com:22)'],
    },
    {
      vars: { ansible_ssh_common_args: '-o ProxyCommand="nc %h %p"' },
      messages: ['error QUORUM_SSH_OPTION host h1: ansible_ssh_common_args: ProxyCommand "nc %h %p": only an `ssh -W %h:%p` command can be run as a jump host (use -o ProxyJump=user@host:port, or ProxyCommand="ssh -W %h:%p user@host")'],
    },
    {
      vars: { ansible_ssh_common_args: '-o StrictHostKeyChecking=maybe' },
      messages: ['error QUORUM_SSH_OPTION host h1: ansible_ssh_common_args: StrictHostKeyChecking=maybe is not a value ssh knows (use yes, accept-new or no)'],
    },
    { vars: { ansible_host_key_checking: 'perhaps' }, messages: ['error QUORUM_SSH_OPTION host h1: ansible_host_key_checking: "perhaps" is not a boolean (use true or false)'] },
    {
      vars: { ansible_host_key_checking: false },
      messages: ['warning QUORUM_SSH_OPTION_IGNORED host h1: ansible_host_key_checking: host keys are not checked for this host (remove StrictHostKeyChecking=no, or use --accept-new-host-keys)'],
    },
    {
      vars: { ansible_ssh_extra_args: '-o Ciphers=aes128-ctr -F ~/.ssh/config' },
      messages: [
        'warning QUORUM_SSH_OPTION_IGNORED host h1: ansible_ssh_extra_args: ignored: -F ~/.ssh/config (ssh config files are not read: put the options in ansible_ssh_common_args)',
        'warning QUORUM_SSH_OPTION_IGNORED host h1: ansible_ssh_extra_args: ignored: -o ciphers=aes128-ctr (quorum does not act on this ssh option)',
      ],
    },
    {
      vars: { ansible_ssh_pass: 'hunter2' },
      messages: ['warning QUORUM_SSH_OPTION_IGNORED host h1: ansible_ssh_pass: ignored: quorum logs in with keys only, never with a password (set ansible_ssh_private_key_file, or load the key into ssh-agent)'],
    },
    { vars: { ansible_ssh_common_args: 'root@elsewhere' }, messages: ['warning QUORUM_SSH_OPTION_IGNORED host h1: ansible_ssh_common_args: ignored: root@elsewhere (the destination comes from ansible_host)'] },
  ])('$vars', ({ vars, messages }) => {
    const { diagnostics } = sshTargetFromVars('h1', vars, context);
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}${d.hint ? ` (${d.hint})` : ''}`)).toEqual(messages);
  });
});

describe('parseJumpSpec', () => {
  it.each([
    ['bastion', { host: 'bastion' }],
    ['a@b', { user: 'a', host: 'b' }],
    ['a@b:2', { user: 'a', host: 'b', port: 2 }],
    ['ssh://a@b:2', { user: 'a', host: 'b', port: 2 }],
    ['[::1]:2022', { host: '::1', port: 2022 }],
    ['a@b:0', undefined],
    ['', undefined],
    ['a b', undefined],
  ])('%j -> %j', (spec, expected) => {
    expect(parseJumpSpec(spec)).toEqual(expected);
  });
});
