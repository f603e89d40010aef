import { sanFromText, uniqueSans } from './sans.js';
import type { ClusterPkiSpec, SubjectAltName, WantedCertificate } from './types.js';

// The PKI dir's layout (the contract in /etc/etcd's roles shares it) and the certificates a cluster needs:
//
//   ca.crt ca.key                               the cluster's CA, kept for good
//   <client>.crt <client>.key                   admin, kube-apiserver-etcd-client
//   members/<name>/server.crt server.key        a member's client-facing certificate
//   members/<name>/peer.crt peer.key            its peer certificate
//
// Keys 0600, certificates 0644, directories 0700.

export const caCertFile = 'ca.crt';
export const caKeyFile = 'ca.key';
export const membersDir = 'members';
export const keyMode = 0o600;
export const certMode = 0o644;
export const dirMode = 0o700;

export const defaultClients = ['admin', 'kube-apiserver-etcd-client'] as const;

export function memberDir(name: string): string {
  return `${membersDir}/${name}`;
}

/** The CN of the cluster's CA. */
export function caCommonName(cluster: string): string {
  return `etcd-ca-${cluster}`;
}

// A name becomes a directory or a file name in the PKI dir: nothing that could climb out of it or hide.
const safeName = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Every problem with the spec, each naming the argument it is about; empty when the spec is usable. */
export function checkClusterSpec(spec: ClusterPkiSpec): string[] {
  const problems: string[] = [];
  if (spec.members.length === 0) problems.push('members: the list is empty; give every member of the cluster (the role takes groups[\'etcd\'])');
  const seen = new Set<string>();
  spec.members.forEach((member, index) => {
    if (!safeName.test(member.name)) {
      problems.push(`members[${index}].name: '${member.name}' cannot name a directory (letters, digits, '.', '_' and '-' only)`);
    }
    if (seen.has(member.name)) problems.push(`members[${index}].name: '${member.name}' is given twice`);
    seen.add(member.name);
    if (member.addresses.length === 0 && member.dnsNames.length === 0) {
      problems.push(`members[${index}] (${member.name}): no addresses and no dns_names: a certificate needs at least one name`);
    }
    [...member.addresses.map((a) => ['addresses', a] as const), ...member.dnsNames.map((d) => ['dns_names', d] as const)].forEach(
      ([key, text]) => {
        const san = sanFromText(text);
        if ('error' in san) problems.push(`members[${index}].${key}: ${san.error}`);
      },
    );
  });
  spec.clients.forEach((client, index) => {
    if (!safeName.test(client) || client === 'ca') {
      problems.push(`clients[${index}]: '${client}' cannot name a certificate file (letters, digits, '.', '_' and '-'; not 'ca')`);
    }
  });
  spec.extraSans.forEach((text, index) => {
    const san = sanFromText(text);
    if ('error' in san) problems.push(`extra_sans[${index}]: ${san.error}`);
  });
  if (!safeName.test(spec.cluster)) problems.push(`cluster: '${spec.cluster}' is not a usable name (letters, digits, '.', '_' and '-')`);
  if (spec.validDays <= spec.renewDays) {
    problems.push(`valid_days (${spec.validDays}) must be more than renew_days (${spec.renewDays}), or every run would reissue every certificate`);
  }
  if (spec.caValidDays < spec.validDays) {
    problems.push(`ca_valid_days (${spec.caValidDays}) must be at least valid_days (${spec.validDays}): no certificate outlives its CA`);
  }
  if (spec.renewDays < 0) problems.push(`renew_days: ${spec.renewDays} is negative`);
  return problems;
}

function sansOf(texts: readonly string[]): SubjectAltName[] {
  return uniqueSans(texts.map(sanFromText).filter((s): s is SubjectAltName => !('error' in s)));
}

/** The leaf certificates of a cluster, members first (in the order given), then clients. */
export function wantedCertificates(spec: ClusterPkiSpec): WantedCertificate[] {
  const leaves: WantedCertificate[] = [];
  for (const member of spec.members) {
    const sans = sansOf([...member.dnsNames, ...member.addresses, ...spec.extraSans]);
    // etcd presents the server certificate to clients and the peer certificate to peers, and uses each as a
    // client certificate too (a member dials its peers; the gateway and grpc-proxy dial members), so both carry
    // serverAuth and clientAuth, as kubeadm's do.
    for (const kind of ['server', 'peer'] as const) {
      leaves.push({
        certFile: `${memberDir(member.name)}/${kind}.crt`,
        keyFile: `${memberDir(member.name)}/${kind}.key`,
        commonName: member.name,
        purpose: 'server-and-client',
        sans,
      });
    }
  }
  for (const client of spec.clients) {
    leaves.push({ certFile: `${client}.crt`, keyFile: `${client}.key`, commonName: client, purpose: 'client', sans: [] });
  }
  return leaves;
}

/** The directories (relative to the PKI dir; '' is the dir itself) that must exist with mode 0700. */
export function wantedDirs(spec: ClusterPkiSpec): string[] {
  return ['', membersDir, ...spec.members.map((m) => memberDir(m.name))];
}
