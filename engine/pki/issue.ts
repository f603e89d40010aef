import { randomBytes } from 'node:crypto';
import { generateKey, importSigningKey } from './keys.js';
import { caCommonName } from './layout.js';
import type { KeyType, SubjectAltName, WantedCertificate } from './types.js';
import { loadX509Library } from './x509-library.js';

// Issuing in-process (hosts need no openssl): the cluster's CA, and leaves signed by it. Every leaf gets a
// fresh key: reissuing is also a key rotation.

/** A certificate and its private key, both PEM. */
export interface IssuedPair {
  certPem: string;
  keyPem: string;
}

/** How far back a new certificate's validity starts, so that a host whose clock is a little behind the controller's accepts it. */
const backdateMs = 5 * 60_000;
const dayMs = 86_400_000;

/** A positive 127-bit serial (RFC 5280 asks for at most 20 octets, unpredictable). */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString('hex');
}

export async function createCertificateAuthority(options: { cluster: string; keyType: KeyType; validDays: number; now: Date }): Promise<IssuedPair> {
  const x509 = await loadX509Library();
  const key = await generateKey(options.keyType);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: [{ CN: [caCommonName(options.cluster)] }],
    notBefore: new Date(options.now.getTime() - backdateMs),
    notAfter: new Date(options.now.getTime() + options.validDays * dayMs),
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: key.algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
    ],
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: key.pem };
}

export async function issueLeaf(
  wanted: Pick<WantedCertificate, 'commonName' | 'purpose' | 'sans'>,
  ca: IssuedPair,
  options: { keyType: KeyType; now: Date; notAfter: Date },
): Promise<IssuedPair> {
  const x509 = await loadX509Library();
  const caCertificate = new x509.X509Certificate(ca.certPem);
  const signer = await importSigningKey(ca.keyPem);
  const key = await generateKey(options.keyType);
  // RSA keys may also be used for key transport in TLS 1.2 RSA key exchange; ECDSA keys only sign.
  const usages = x509.KeyUsageFlags.digitalSignature | (options.keyType === 'rsa' ? x509.KeyUsageFlags.keyEncipherment : 0);
  const extendedUsages =
    wanted.purpose === 'server-and-client'
      ? [x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]
      : [x509.ExtendedKeyUsage.clientAuth];
  const extensions: InstanceType<typeof x509.Extension>[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(usages, true),
    new x509.ExtendedKeyUsageExtension(extendedUsages),
    await x509.SubjectKeyIdentifierExtension.create(key.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer.publicKey),
  ];
  if (wanted.sans.length > 0) extensions.push(new x509.SubjectAlternativeNameExtension(wanted.sans.map(toGeneralName)));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject: [{ CN: [wanted.commonName] }],
    issuer: caCertificate.subjectName,
    notBefore: new Date(options.now.getTime() - backdateMs),
    notAfter: options.notAfter,
    publicKey: key.publicKey,
    signingKey: signer.privateKey,
    signingAlgorithm: signer.algorithm,
    extensions,
  });
  return { certPem: certificate.toString('pem') + '\n', keyPem: key.pem };
}

function toGeneralName(san: SubjectAltName): { type: 'dns' | 'ip'; value: string } {
  if (san.kind === 'other') throw new Error(`quorum does not issue SANs of the form ${san.value}`);
  return { type: san.kind, value: san.value };
}
