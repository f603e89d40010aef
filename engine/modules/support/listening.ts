import { isIPv4 } from 'node:net';

// Whether a TCP port listens, read from /proc/net/tcp and tcp6 with awk: hosts have no nc, and /dev/tcp is a
// bash feature. The kernel prints each 32-bit address word in host byte order (little-endian on x86 and
// arm64), so 127.0.41.1 reads 0129007F.

function ipv4Hex(address: string): string {
  return address
    .split('.')
    .map((octet) => Number(octet).toString(16).toUpperCase().padStart(2, '0'))
    .reverse()
    .join('');
}

/** The /proc/net address forms that accept connections to `host`, or [] when any address will do. */
export function procAddresses(host: string): string[] {
  const address = host === 'localhost' ? '127.0.0.1' : host;
  if (!isIPv4(address) || address === '0.0.0.0') return [];
  const hex = ipv4Hex(address);
  return [hex, '00000000', `0000000000000000FFFF0000${hex}`, '0'.repeat(32)];
}

export function portHex(port: number): string {
  return port.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * A shell test that succeeds when a socket in one of `states` (hex, '0A' is LISTEN, '01' ESTABLISHED) has
 * local port `port` on one of the host's addresses.
 */
export function socketTest(host: string, port: number, states: readonly string[]): string {
  const program =
    'FNR > 1 { split($2, local, ":"); if (local[2] != port) next; ' +
    'if (index(" " states " ", " " $4 " ") == 0) next; ' +
    'if (addrs == "" || index(" " addrs " ", " " local[1] " ") > 0) found = 1 } END { exit found ? 0 : 1 }';
  return (
    `awk -v port=${portHex(port)} -v states='${states.join(' ')}' -v addrs='${procAddresses(host).join(' ')}' ` +
    `'${program}' /proc/net/tcp /proc/net/tcp6 2>/dev/null`
  );
}
