import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';
import type { KeyType } from './types.js';

// Key pairs as WebCrypto makes them (what @peculiar/x509 signs with), stored as PKCS#8 PEM, which etcd, openssl
// and Go's crypto/tls all read.

type SigningAlgorithm = { name: 'ECDSA'; namedCurve: 'P-256' | 'P-384'; hash: 'SHA-256' | 'SHA-384' } | {
  name: 'RSASSA-PKCS1-v1_5';
  hash: 'SHA-256';
};

const generateParams: { [K in KeyType]: webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams } = {
  ecdsa: { name: 'ECDSA', namedCurve: 'P-256' },
  rsa: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
};

const signingOf: { [K in KeyType]: SigningAlgorithm } = {
  ecdsa: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
  rsa: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
};

export interface SigningKey {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
  algorithm: SigningAlgorithm;
}

export interface NewKey extends SigningKey {
  pem: string;
}

function toPem(der: ArrayBuffer): string {
  const base64 = Buffer.from(der).toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

export async function generateKey(keyType: KeyType): Promise<NewKey> {
  const pair = (await webcrypto.subtle.generateKey(generateParams[keyType], true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const pem = toPem(await webcrypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { privateKey: pair.privateKey, publicKey: pair.publicKey, algorithm: signingOf[keyType], pem };
}

/**
 * The CA's key, read back from its PEM (PKCS#8, or the SEC1/PKCS#1 forms openssl writes) to sign with. A CA
 * made elsewhere may use P-384: it signs with SHA-384 then, as openssl would.
 */
export async function importSigningKey(pem: string): Promise<SigningKey> {
  const key = createPrivateKey(pem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const publicDer = createPublicKey(key).export({ type: 'spki', format: 'der' });
  let algorithm: SigningAlgorithm;
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    else if (curve === 'secp384r1') algorithm = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
    else throw new Error(`the CA key uses the curve ${curve ?? 'unknown'}: quorum signs with P-256, P-384 or RSA CA keys`);
  } else if (key.asymmetricKeyType === 'rsa') {
    algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  } else {
    throw new Error(`the CA key is of type ${key.asymmetricKeyType ?? 'unknown'}: quorum signs with ECDSA or RSA CA keys`);
  }
  const importParams = algorithm.name === 'ECDSA' ? { name: 'ECDSA', namedCurve: algorithm.namedCurve } : { name: algorithm.name, hash: algorithm.hash };
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, importParams, false, ['sign']);
  const publicKey = await webcrypto.subtle.importKey('spki', publicDer, importParams, true, ['verify']);
  return { privateKey, publicKey, algorithm };
}
