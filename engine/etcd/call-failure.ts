import { UnreachableError } from '../connect/types.js';
import type { MemberDownCause } from '../plan/cluster-state.js';
import type { TunnelHealth } from './tunnel.js';

// What went wrong with a call to one etcd member, in an SRE's words: gRPC says `14 UNAVAILABLE: No connection
// established. Last error: Error: read ECONNRESET`, which is true of a stopped etcd, a dead SSH session and a
// refused tunnel alike. What the tunnel saw (tunnel.ts) and the kind of gRPC error together say which it was:
//
//   host unreachable over SSH (...)                  the host's SSH session could not be opened
//   etcd not running (connection refused on A:P)      the host answers, nothing listens on the client port
//   no answer within 3 s (...)                        the port accepts connections, nothing replies (SIGSTOP, hung)
//   TLS handshake failed (...)                        a certificate the member or quorum does not accept
//   etcd refused the call (...)                       etcd answered with an error
//
// The raw text is kept as `detail`, for -vvv. Pure: the caller passes the error and what its tunnel saw.

export interface CallFailure {
  cause: MemberDownCause;
  /** One line for the operator. */
  words: string;
  /** The error's own text, for -vvv. */
  detail: string;
}

export interface CallFailureContext {
  /** host:port of the member's client URL, as the operator knows it. */
  endpoint: string;
  timeoutMs: number;
  /** What the SSH tunnel saw; undefined when the member is dialled directly. */
  tunnel?: TunnelHealth;
}

/** An etcd call that failed, described (message = words); `detail` holds the raw text. */
export class EtcdCallError extends Error {
  constructor(readonly failure: CallFailure) {
    super(failure.words);
    this.name = 'EtcdCallError';
  }
}

const text = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The first clause of an unreachable reason: `connection refused by u@h:22` of `connection refused by u@h:22: nothing ...`. */
function shortReason(reason: string): string {
  return reason.split(/: (?=[a-z])/)[0]!.replace(/ \(after \d+ attempts\)$/, '');
}

export function describeCallFailure(error: unknown, context: CallFailureContext): CallFailure {
  if (error instanceof EtcdCallError) return error.failure;
  const raw = text(error);
  const detail = raw.split('\n')[0]!;
  const seconds = `${Math.round(context.timeoutMs / 100) / 10} s`;
  const tunnelFailure = context.tunnel?.lastFailure;
  const unreachable = error instanceof UnreachableError ? error : tunnelFailure instanceof UnreachableError ? tunnelFailure : undefined;
  if (unreachable) return { cause: 'host-unreachable', words: `host unreachable over SSH (${shortReason(unreachable.reason)})`, detail: `${detail}${unreachable !== error ? `; ${unreachable.message}` : ''}` };
  const tunnelText = tunnelFailure === undefined ? '' : text(tunnelFailure);
  if (/connect failed|connection refused|ECONNREFUSED|nothing listens/i.test(`${tunnelText} ${raw}`)) {
    return { cause: 'not-running', words: `etcd not running (connection refused on ${context.endpoint})`, detail: tunnelText ? `${detail}; ${tunnelText}` : detail };
  }
  if (tunnelText !== '') return { cause: 'error', words: `cannot reach ${context.endpoint} through the host's SSH connection (${tunnelText.split('\n')[0]})`, detail };
  if (/DEADLINE_EXCEEDED|deadline exceeded|timed? ?out/i.test(raw)) {
    if (context.tunnel !== undefined && context.tunnel.pending > 0 && !context.tunnel.everForwarded) {
      return { cause: 'host-unreachable', words: `host unreachable over SSH (no SSH session within ${seconds})`, detail };
    }
    const accepted = context.tunnel?.everForwarded ? `it accepts connections on ${context.endpoint} but never replies` : `nothing replies on ${context.endpoint}`;
    return { cause: 'no-answer', words: `no answer within ${seconds} (${accepted}: a stopped, hung or overloaded etcd)`, detail };
  }
  if (/certificate|SSL|TLS|handshake|self.signed|CERT_|unable to verify/i.test(raw)) {
    return { cause: 'tls', words: `TLS handshake with ${context.endpoint} failed (${tlsReason(raw)})`, detail };
  }
  if (/UNAVAILABLE|ECONNRESET|socket disconnected|No connection established|EHOSTUNREACH|ENETUNREACH/i.test(raw)) {
    // Through a tunnel a refusal is seen above; here the connection was cut without a word from either side.
    return { cause: 'no-answer', words: `no connection to ${context.endpoint} (it was closed before etcd answered)`, detail };
  }
  return { cause: 'error', words: `etcd refused the call (${grpcMessage(raw)})`, detail };
}

/** `3 INVALID_ARGUMENT: etcdserver: ...` -> `etcdserver: ...`: gRPC's numbered prefix means nothing to an SRE. */
function grpcMessage(raw: string): string {
  return raw.split('\n')[0]!.replace(/^\d+ [A-Z_]+: /, '').trim() || 'no message';
}

function tlsReason(raw: string): string {
  if (/self.signed|unable to verify|unknown ca|UNABLE_TO_VERIFY/i.test(raw)) return 'the member\'s certificate is not signed by quorum_etcd_ca_file';
  if (/certificate required|bad certificate|certificate unknown/i.test(raw)) return 'the member does not accept quorum_etcd_cert_file';
  if (/altname|hostname|IP: .* is not in the cert/i.test(raw)) return 'the member\'s certificate does not name its address: set etcd_server_name';
  return grpcMessage(raw);
}
