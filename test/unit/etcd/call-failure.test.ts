// An etcd call's failure in words: what gRPC said together with what the SSH tunnel saw.
import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../engine/connect/types.js';
import { QuorumError } from '../../../engine/errors.js';
import { describeCallFailure, EtcdCallError } from '../../../engine/etcd/call-failure.js';
import type { TunnelHealth } from '../../../engine/etcd/tunnel.js';

const unavailable = new Error('14 UNAVAILABLE: No connection established. Last error: Error: read ECONNRESET. Resolution note: ');
const deadline = new Error('4 DEADLINE_EXCEEDED: Deadline exceeded after 3.001s');
const tunnel = (patch: Partial<TunnelHealth>): TunnelHealth => ({ lastFailure: undefined, everForwarded: false, pending: 0, ...patch });
const refused = new QuorumError('QUORUM_TUNNEL', 'h4: cannot open a tunnel to 127.0.10.4:2379: (SSH) Channel open failure: Connection refused (nothing listens on 127.0.10.4:2379 as seen from the host)');
const sshDown = new UnreachableError('h3', 'connection refused by quorum-lab@127.0.10.3:22: nothing listens on that port (is sshd running? is ansible_port right?) (after 3 attempts)');

describe('describeCallFailure', () => {
  it.each<[string, unknown, TunnelHealth | undefined, string, string]>([
    ['etcd stopped, through the tunnel', unavailable, tunnel({ lastFailure: refused }), 'not-running', 'etcd not running (connection refused on 127.0.10.4:2379)'],
    ['etcd stopped, dialled directly', new Error('14 UNAVAILABLE: No connection established. Last error: connect ECONNREFUSED 127.0.10.4:2379'), undefined, 'not-running', 'etcd not running (connection refused on 127.0.10.4:2379)'],
    ['the host unreachable over SSH', unavailable, tunnel({ lastFailure: sshDown }), 'host-unreachable', 'host unreachable over SSH (connection refused by quorum-lab@127.0.10.3:22)'],
    ['the SSH open itself failed', sshDown, undefined, 'host-unreachable', 'host unreachable over SSH (connection refused by quorum-lab@127.0.10.3:22)'],
    ['SIGSTOPped: accepted, never answers', deadline, tunnel({ everForwarded: true }), 'no-answer', 'no answer within 3 s (it accepts connections on 127.0.10.4:2379 but never replies: a stopped, hung or overloaded etcd)'],
    ['no SSH session yet when the deadline came', deadline, tunnel({ pending: 1 }), 'host-unreachable', 'host unreachable over SSH (no SSH session within 3 s)'],
    ['a certificate from another CA', new Error('14 UNAVAILABLE: No connection established. Last error: Error: self-signed certificate in certificate chain'), undefined, 'tls', "TLS handshake with 127.0.10.4:2379 failed (the member's certificate is not signed by quorum_etcd_ca_file)"],
    ['etcd answered with an error', new Error('3 INVALID_ARGUMENT: etcdserver: requested lease not found'), undefined, 'error', 'etcd refused the call (etcdserver: requested lease not found)'],
  ])('%s', (_name, error, health, cause, words) => {
    const failure = describeCallFailure(error, { endpoint: '127.0.10.4:2379', timeoutMs: 3000, ...(health ? { tunnel: health } : {}) });
    expect(failure.cause).toBe(cause);
    expect(failure.words).toBe(words);
    // The raw text is kept for -vvv, never shown in the words.
    expect(failure.words).not.toMatch(/UNAVAILABLE|Resolution note|DEADLINE_EXCEEDED/);
    expect(failure.detail.startsWith((error instanceof Error ? error.message : String(error)).split('\n')[0]!)).toBe(true);
  });

  it('passes an already described failure through', () => {
    const failure = { cause: 'no-answer' as const, words: 'w', detail: 'd' };
    expect(describeCallFailure(new EtcdCallError(failure), { endpoint: 'x:1', timeoutMs: 1 })).toBe(failure);
  });
});
