import { LabError, LabErrorCode } from './errors.js';

/** One known_hosts line: OpenSSH writes `[address]:port` for ports other than 22. */
export function knownHostsLine(address: string, port: number, publicKeyLine: string): string {
  const [type, key] = publicKeyLine.trim().split(/\s+/);
  if (!type || !key) {
    throw new LabError(
      LabErrorCode.host,
      `the host key of ${address} is not an OpenSSH public key line: '${publicKeyLine}'`,
      'run `quorum lab down` and `quorum lab up` again to make new host keys',
    );
  }
  const hostField = port === 22 ? address : `[${address}]:${port}`;
  return `${hostField} ${type} ${key}`;
}
