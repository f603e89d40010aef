import { readFile } from 'node:fs/promises';
import { connect } from 'node:tls';
import type { AdminCertFiles } from './etcdctl-args.js';

// Through a tunnel etcdctl dials 127.0.0.1 and checks the member's server certificate against that address.
// The contract puts IP 127.0.0.1 in every member certificate, so this passes without any override; a
// certificate made elsewhere may lack it, and etcdctl then only says "context deadline exceeded". After a
// failed run, each tunnel is checked the same way, and a certificate without 127.0.0.1 is named plainly.

export interface LoopbackSanProblem {
  host: string;
  reason: string;
}

/** Null when the server certificate behind 127.0.0.1:port is valid for 127.0.0.1 (or the check could not tell). */
export async function checkLoopbackSan(port: number, certs: AdminCertFiles, timeoutMs = 3000): Promise<string | null> {
  const [ca, cert, key] = await Promise.all([readFile(certs.ca), readFile(certs.cert), readFile(certs.key)]);
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca, cert, key, timeout: timeoutMs });
    const finish = (result: string | null) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('secureConnect', () => finish(null));
    socket.once('timeout', () => finish(null));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? error.message : null));
  });
}

/** The message for the members whose certificates lack 127.0.0.1, or '' when none does. */
export function loopbackSanMessage(problems: readonly LoopbackSanProblem[]): string {
  if (problems.length === 0) return '';
  const lines = problems.map((p) => `quorum etcdctl: ${p.host}: its server certificate is not valid for 127.0.0.1 (${p.reason}), and through the SSH tunnel etcdctl dials 127.0.0.1`);
  lines.push(
    'quorum etcdctl: hint: reissue the member certificates with IP 127.0.0.1 among their SANs (the etcd_certs role does), ' +
      'or set quorum_etcd_direct: true to dial the members at their own addresses',
  );
  return `${lines.join('\n')}\n`;
}
