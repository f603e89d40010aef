import { describe, expect, it } from 'vitest';
import { classifyConnectError, retryDelayMs, type ConnectErrorLike } from '../../../engine/connect/connect-errors.js';

const attempt = { endpoint: 'ops@10.0.0.5:22', connectTimeoutMs: 5000, offered: ['~/.ssh/id_etcd', 'ssh-agent'] };

describe('classifyConnectError', () => {
  it.each<[ConnectErrorLike, string, boolean]>([
    [{ message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' }, 'connection refused by ops@10.0.0.5:22: nothing listens on that port (is sshd running? is ansible_port right?)', true],
    [{ message: 'x', code: 'QUORUM_CONNECT_TIMEOUT' }, 'connection to ops@10.0.0.5:22 timed out after 5s: the host is down or a firewall drops the packets', true],
    [{ message: 'x', code: 'EHOSTUNREACH' }, 'no route to ops@10.0.0.5:22: the host or its network is unreachable', true],
    [{ message: 'x', code: 'ENOTFOUND' }, 'cannot resolve the host name in ops@10.0.0.5:22 (check ansible_host)', false],
    [{ message: 'read ECONNRESET', code: 'ECONNRESET' }, "ops@10.0.0.5:22 closed the connection during the SSH handshake (sshd's MaxStartups or a TCP wrapper, or not an SSH server)", true],
    [{ message: 'Timed out while waiting for handshake', level: 'client-timeout' }, 'ops@10.0.0.5:22 accepted the TCP connection but no SSH server answered within 5s', true],
    [
      { message: 'All configured authentication methods failed', level: 'client-authentication' },
      "authentication failed for ops@10.0.0.5:22: the server accepted none of the keys offered (~/.ssh/id_etcd, ssh-agent); check ansible_user, ansible_ssh_private_key_file, and the user's ~/.ssh/authorized_keys on the host",
      false,
    ],
    [{ message: 'no matching key exchange', level: 'handshake' }, 'SSH handshake with ops@10.0.0.5:22 failed: no matching key exchange', false],
    [{ message: 'weird' }, 'cannot connect to ops@10.0.0.5:22: weird', false],
  ])('%j', (err, reason, retryable) => {
    expect(classifyConnectError(err, attempt)).toEqual({ reason, retryable });
  });

  it.each([[{ ...attempt, offered: [] }, 'no key at all']])('names an empty key list', (a, words) => {
    expect(classifyConnectError({ message: '', level: 'client-authentication' }, a).reason).toContain(`(${words})`);
  });
});

describe('retryDelayMs', () => {
  it.each([
    [0, 250],
    [1, 500],
    [2, 1000],
    [4, 4000],
    [9, 4000],
  ])('retry %i waits %i ms', (retry, ms) => {
    expect(retryDelayMs(retry)).toBe(ms);
  });
});
