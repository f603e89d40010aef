import { webcrypto } from 'node:crypto';

// @peculiar/x509 (with reflect-metadata, which its ASN.1 schemas need loaded first) costs tens of
// milliseconds to load: only a run that issues a certificate pays for it, through this dynamic import.

export type X509Library = typeof import('@peculiar/x509');

export async function loadX509Library(): Promise<X509Library> {
  await import('reflect-metadata');
  const x509 = await import('@peculiar/x509');
  // The library signs through a WebCrypto provider; node's is the one to use (setting it again is harmless).
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  return x509;
}
