import { createHash, createHmac } from 'node:crypto';

// OpenSSH's known_hosts format (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"), read as documented:
//   [@cert-authority|@revoked] patterns keytype base64-key [comment]
// patterns: a comma list of names with * and ? wildcards and ! negation, `[host]:port` for other ports than 22,
// or one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`. A key is compared by its bytes.

export type KnownHostsMarker = 'cert-authority' | 'revoked';

export interface KnownHostsEntry {
  file: string;
  /** 1-based. */
  line: number;
  marker?: KnownHostsMarker;
  /** The host field as written (a pattern list, or one hashed name). */
  hosts: string;
  keyType: string;
  key: Buffer;
}

export interface KnownHostsParse {
  entries: KnownHostsEntry[];
  /** Lines that are not entries, with why; OpenSSH skips them too, so they only warn. */
  skipped: { line: number; reason: string }[];
}

export function parseKnownHosts(text: string, file: string): KnownHostsParse {
  const result: KnownHostsParse = { entries: [], skipped: [] };
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostsMarker | undefined;
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()?.slice(1);
      if (name !== 'cert-authority' && name !== 'revoked') {
        result.skipped.push({ line: index + 1, reason: `unknown marker @${name}` });
        return;
      }
      marker = name;
    }
    const [hosts, keyType, encoded] = fields;
    if (hosts === undefined || keyType === undefined || encoded === undefined) {
      result.skipped.push({ line: index + 1, reason: 'expected: host-patterns key-type base64-key' });
      return;
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length === 0 || key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
      result.skipped.push({ line: index + 1, reason: 'the key is not valid base64' });
      return;
    }
    result.entries.push({ file, line: index + 1, ...(marker ? { marker } : {}), hosts, keyType, key });
  });
  return result;
}

/** The name OpenSSH looks a host up under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Does an entry's host field name this host? A negated pattern that matches excludes the host outright. */
export function hostsFieldMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (salt === undefined || hash === undefined) return false;
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    const body = negated ? pattern.slice(1) : pattern;
    if (!wildcardToRegExp(body).test(name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** The key type written inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyTypeOf(blob: Buffer): string | undefined {
  if (blob.length < 4) return undefined;
  const length = blob.readUInt32BE(0);
  if (length === 0 || 4 + length > blob.length) return undefined;
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** `SHA256:...` as ssh-keygen -l and ssh's prompts print it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export type HostKeyVerdict =
  | { status: 'known'; entry: KnownHostsEntry }
  | { status: 'revoked'; entry: KnownHostsEntry }
  /** The host is known with another key of the same type: OpenSSH's "REMOTE HOST IDENTIFICATION HAS CHANGED". */
  | { status: 'changed'; entry: KnownHostsEntry }
  /** No key of this type is known for the host; `otherTypes` are the keys it is known with. */
  | { status: 'unknown'; otherTypes: KnownHostsEntry[] };

export function checkHostKey(entries: readonly KnownHostsEntry[], name: string, key: Buffer): HostKeyVerdict {
  const type = keyTypeOf(key);
  const forHost = entries.filter((e) => hostsFieldMatches(e.hosts, name));
  const revoked = forHost.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  // @cert-authority lines vouch for certificates signed by that key, never for a plain host key.
  const plain = forHost.filter((e) => e.marker === undefined);
  const same = plain.find((e) => e.key.equals(key));
  if (same) return { status: 'known', entry: same };
  const changed = plain.find((e) => (keyTypeOf(e.key) ?? e.keyType) === type);
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypes: plain };
}

/** The line that accept-new appends (plain, not hashed, so that an SRE can read and review it). */
export function knownHostsLine(name: string, key: Buffer): string {
  return `${name} ${keyTypeOf(key) ?? 'ssh-unknown'} ${key.toString('base64')}`;
}
