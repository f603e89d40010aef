/** One known_hosts line: OpenSSH writes `[address]:port` for ports other than 22. */
export function knownHostsLine(address: string, port: number, publicKeyLine: string): string {
  const [type, key] = publicKeyLine.trim().split(/\s+/);
  if (!type || !key) throw new Error(`not an OpenSSH public key line: ${publicKeyLine}`);
  const hostField = port === 22 ? address : `[${address}]:${port}`;
  return `${hostField} ${type} ${key}`;
}
