import { shellQuote } from '../../connect/local.js';

// etcdctl command lines as the module runs them on the host. ETCDCTL_ENDPOINTS is unset because etcdctl
// refuses to run when it is set and --endpoints is given too (an SRE's shell profile often exports it).

export interface EtcdctlAccess {
  endpoints: readonly string[];
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Seconds for each request (and for dialing, unless dialTimeout says otherwise). */
  commandTimeout: number;
  /** Seconds to dial; etcdctl waits this long on an endpoint that refuses the connection. */
  dialTimeout?: number;
}

export function etcdctlCommand(access: EtcdctlAccess, args: readonly string[]): string {
  const flags = [
    `--endpoints=${access.endpoints.join(',')}`,
    ...(access.caFile !== undefined ? [`--cacert=${access.caFile}`] : []),
    ...(access.certFile !== undefined ? [`--cert=${access.certFile}`] : []),
    ...(access.keyFile !== undefined ? [`--key=${access.keyFile}`] : []),
    `--dial-timeout=${access.dialTimeout ?? access.commandTimeout}s`,
    `--command-timeout=${access.commandTimeout}s`,
  ];
  return ['env', '-u', 'ETCDCTL_ENDPOINTS', 'ETCDCTL_API=3', 'etcdctl', ...flags, ...args].map(shellQuote).join(' ');
}

const stderrMarker = '__quorum_etcdctl_stderr__';

/**
 * A read-only query whose stdout and stderr come back apart in one stdout (fact queries see stdout only):
 * etcdctl's JSON on stdout, its log lines and `Error:` line after a marker.
 */
export function withStderr(command: string): string {
  return `e=$(mktemp) || exit 1; ${command} 2>"$e"; rc=$?; printf '\\n%s\\n' '${stderrMarker}'; cat "$e"; rm -f "$e"; exit $rc`;
}

export function splitStderr(stdout: string): { out: string; err: string } {
  const at = stdout.lastIndexOf(`\n${stderrMarker}\n`);
  if (at < 0) return { out: stdout, err: '' };
  return { out: stdout.slice(0, at), err: stdout.slice(at + stderrMarker.length + 2) };
}
