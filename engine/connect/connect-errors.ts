// Turns what node's net module and ssh2 report while connecting into a reason an SRE can act on, and says
// whether another attempt could help (a refused or timed-out connection may be a host still booting; a
// failed login or a wrong host key will not fix itself).

export interface ConnectFailure {
  reason: string;
  retryable: boolean;
}

/** What the classifier needs to know about the attempt, to name it in the reason. */
export interface ConnectAttempt {
  /** `user@host:port` */
  endpoint: string;
  connectTimeoutMs: number;
  /** The keys offered, for an authentication failure. */
  offered: string[];
}

/** The fields of the errors node and ssh2 raise that classification reads. */
export interface ConnectErrorLike {
  message: string;
  code?: string;
  /** ssh2 sets this: 'client-socket', 'client-timeout', 'client-authentication', 'protocol', ... */
  level?: string;
}

export function classifyConnectError(err: ConnectErrorLike, attempt: ConnectAttempt): ConnectFailure {
  const seconds = `${attempt.connectTimeoutMs / 1000}s`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return { reason: `connection refused by ${attempt.endpoint}: nothing listens on that port (is sshd running? is ansible_port right?)`, retryable: true };
    case 'QUORUM_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { reason: `connection to ${attempt.endpoint} timed out after ${seconds}: the host is down or a firewall drops the packets`, retryable: true };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { reason: `no route to ${attempt.endpoint}: the host or its network is unreachable`, retryable: true };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { reason: `cannot resolve the host name in ${attempt.endpoint} (check ansible_host)`, retryable: false };
    case 'ECONNRESET':
    case 'EPIPE':
      return { reason: `${attempt.endpoint} closed the connection during the SSH handshake (sshd's MaxStartups or a TCP wrapper, or not an SSH server)`, retryable: true };
  }
  if (err.level === 'client-timeout')
    return { reason: `${attempt.endpoint} accepted the TCP connection but no SSH server answered within ${seconds}`, retryable: true };
  if (err.level === 'client-authentication') {
    const keys = attempt.offered.length > 0 ? attempt.offered.join(', ') : 'no key at all';
    return {
      reason: `authentication failed for ${attempt.endpoint}: the server accepted none of the keys offered (${keys}); check ansible_user, ansible_ssh_private_key_file, and the user's ~/.ssh/authorized_keys on the host`,
      retryable: false,
    };
  }
  if (err.level === 'protocol' || err.level === 'handshake')
    return { reason: `SSH handshake with ${attempt.endpoint} failed: ${err.message}`, retryable: false };
  return { reason: `cannot connect to ${attempt.endpoint}: ${err.message}`, retryable: false };
}

/** Milliseconds to wait before attempt `retry` (0-based): 250, 500, 1000, ... capped at 4 s. */
export function retryDelayMs(retry: number): number {
  return Math.min(250 * 2 ** retry, 4000);
}
