// Which host key algorithms to ask the server for, in order. As OpenSSH does, the types already recorded in
// known_hosts for this host come first: a host known only by its ECDSA key must be asked for that key, or
// it shows its ed25519 key instead and looks unknown (or, under accept-new, gets a second entry).

/** ssh2's default order (ed25519 first); ssh-dss is left out as OpenSSH does. */
export const defaultHostKeyAlgorithms: readonly string[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The signature algorithms that prove a key of a type written in known_hosts. */
function algorithmsForKeyType(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}

export function preferredHostKeyAlgorithms(knownKeyTypes: readonly string[]): string[] {
  const preferred = knownKeyTypes.flatMap(algorithmsForKeyType).filter((a) => defaultHostKeyAlgorithms.includes(a));
  return [...new Set([...preferred, ...defaultHostKeyAlgorithms])];
}
