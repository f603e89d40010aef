import { isIPv4, isIPv6 } from 'node:net';
import type { SubjectAltName } from './types.js';

// subjectAltNames as sets: the same names in another order, or an IP written another way ('::1' and
// '0:0:0:0:0:0:0:1', which is how node prints an IPv6 SAN), are the same certificate and never a reissue.

function canonicalIpv6(text: string): string {
  let groups: number[];
  let head = text.toLowerCase();
  // An embedded IPv4 tail ('::ffff:10.0.0.1') is two 16-bit groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(head);
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    head = `${head.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [left, right] = head.includes('::') ? (head.split('::') as [string, string]) : [head, undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  if (right === undefined) groups = parse(left);
  else {
    const l = parse(left);
    const r = parse(right);
    groups = [...l, ...new Array<number>(8 - l.length - r.length).fill(0), ...r];
  }
  // RFC 5952: the longest run of two or more zero groups (the first of equal runs) becomes '::'.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** The canonical text of an IP address, or undefined when `text` is not one. */
export function canonicalIp(text: string): string | undefined {
  const trimmed = text.trim();
  if (isIPv4(trimmed)) return trimmed.split('.').map((octet) => String(Number(octet))).join('.');
  if (isIPv6(trimmed)) return canonicalIpv6(trimmed);
  return undefined;
}

const dnsNamePattern = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/;

/** A SAN from what a user wrote: an IP when it parses as one, else a DNS name (an error when it cannot be one). */
export function sanFromText(text: string): SubjectAltName | { error: string } {
  const ip = canonicalIp(text);
  if (ip !== undefined) return { kind: 'ip', value: ip };
  const name = text.trim().toLowerCase();
  if (name.length === 0 || name.length > 253 || !dnsNamePattern.test(name)) {
    return { error: `'${text}' is neither an IP address nor a DNS name` };
  }
  return { kind: 'dns', value: name.replace(/\.$/, '') };
}

/** How a SAN is shown in messages, as openssl prints it: 'DNS:etcd-1', 'IP:10.0.0.1'. */
export function formatSan(san: SubjectAltName): string {
  if (san.kind === 'dns') return `DNS:${san.value}`;
  if (san.kind === 'ip') return `IP:${san.value}`;
  return san.value;
}

/**
 * The SANs of node's X509Certificate.subjectAltName ('DNS:a, IP Address:10.0.0.1'); node quotes a value that
 * holds a comma or a quote, JSON style.
 */
export function parseNodeSubjectAltName(text: string | undefined): SubjectAltName[] {
  if (text === undefined || text.trim() === '') return [];
  const entries = text.match(/[^:,]+:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? [];
  return entries.map((entry): SubjectAltName => {
    const separator = entry.indexOf(':');
    const kind = entry.slice(0, separator).trim();
    const raw = entry.slice(separator + 1).trim();
    const value = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    if (kind === 'DNS') return { kind: 'dns', value: value.toLowerCase() };
    if (kind === 'IP Address') {
      const ip = canonicalIp(value);
      if (ip !== undefined) return { kind: 'ip', value: ip };
    }
    return { kind: 'other', value: `${kind}:${value}` };
  });
}

/** The SANs as a sorted, duplicate-free list (what a certificate is issued with). */
export function uniqueSans(sans: readonly SubjectAltName[]): SubjectAltName[] {
  const byText = new Map(sans.map((san) => [formatSan(san), san]));
  return [...byText.keys()].sort().map((key) => byText.get(key)!);
}

/** What `wanted` has that `existing` lacks (added) and the reverse (removed), as formatted SANs, sorted. */
export function diffSans(existing: readonly SubjectAltName[], wanted: readonly SubjectAltName[]): { added: string[]; removed: string[] } {
  const have = new Set(existing.map(formatSan));
  const want = new Set(wanted.map(formatSan));
  return {
    added: [...want].filter((s) => !have.has(s)).sort(),
    removed: [...have].filter((s) => !want.has(s)).sort(),
  };
}
