// How Ansible splits a host entry into a name (which may hold [x:y] ranges) and an optional port:
// `name:port`, `10.0.0.1:22`, `[::1]:22`, `node[01:05]:2222`. IPv6 addresses take a port only in brackets.

const NUMERIC_RANGE = String.raw`\[(?:[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const HEX_RANGE = String.raw`\[(?:[0-9a-f]+:[0-9a-f]+)(?::[0-9]+)?\]`;
const ALNUM_RANGE = String.raw`\[(?:[a-z]:[a-z]|[0-9]+:[0-9]+)(?::[0-9]+)?\]`;
const IPV4_PART = String.raw`(?:[01]?[0-9]{1,2}|2[0-4][0-9]|25[0-5]|${NUMERIC_RANGE})`;
const IPV6_PART = String.raw`(?:[0-9a-f]{1,4}|${HEX_RANGE})`;
const LABEL = String.raw`(?:[\p{L}\p{N}_]|${ALNUM_RANGE})(?:[\p{L}\p{N}_-]|${ALNUM_RANGE})*(?<![_-])`;

const BRACKETED_HOST_PORT = /^\[(.+)\]:([0-9]+)$/;
const HOST_PORT = /^((?:[^:[\]]|\[[^\]]*\])*):([0-9]+)$/;
const IPV4 = new RegExp(String.raw`^(?:${IPV4_PART}\.){3}${IPV4_PART}$`, 'i');
const P = IPV6_PART;
const IPV6_FORMS = [
  `(?:${P}:){7}${P}`,
  `(?:${P}:){1,6}:`,
  `(?:${P}:)(?::${P}){1,6}`,
  `(?:${P}:){2}(?::${P}){1,5}`,
  `(?:${P}:){3}(?::${P}){1,4}`,
  `(?:${P}:){4}(?::${P}){1,3}`,
  `(?:${P}:){5}(?::${P}){1,2}`,
  `(?:${P}:){6}(?::${P})`,
  `:(?::${P}){1,6}`,
  `${P}?::`,
  `(?:0:){6}(?:${P}\\.){3}${P}`,
  `::(?:ffff:)?(?:${P}\\.){3}${P}`,
  `(?:0:){5}ffff:(?:${P}\\.){3}${P}`,
];
// Ansible's IPv6 expression anchors only its last form at the end, so every other form accepts any text after
// an IPv6-looking start (`2001:db8::*` counts as an address, and so stays one host pattern). We keep that
// quirk: patterns must split exactly as Ansible splits them.
const IPV6 = new RegExp(`^(?:${IPV6_FORMS.slice(0, -1).join('|')}|${IPV6_FORMS[IPV6_FORMS.length - 1]}$)`, 'iu');
const HOSTNAME = new RegExp(String.raw`^${LABEL}(?:\.${LABEL})*$`, 'iu');

export interface ParsedAddress {
  host: string;
  port: number | undefined;
}

// Most entries are plain names (`etcd-1`, `node3.example.com`, `10.0.0.5`): ASCII labels that cannot hold a
// port or a range. They are hostnames by the expression below; this shortcut spares the Unicode expressions,
// which cost ~10 us an entry (15 ms of a 1,500-host inventory).
const PLAIN_LABEL = '(?:[a-z0-9]|[a-z0-9_][a-z0-9_-]*[a-z0-9])';
const PLAIN_HOSTNAME = new RegExp(`^${PLAIN_LABEL}(?:\\.${PLAIN_LABEL})*$`, 'i');

/** Ansible's parse_address with ranges allowed; undefined when the text is not a host (with optional port). */
export function parseAddress(address: string): ParsedAddress | undefined {
  if (PLAIN_HOSTNAME.test(address)) return { host: address, port: undefined };
  let rest = address;
  let port: number | undefined;
  for (const pattern of [BRACKETED_HOST_PORT, HOST_PORT]) {
    const m = pattern.exec(rest);
    if (m) {
      rest = m[1]!;
      port = Number(m[2]);
    }
  }
  if (IPV4.test(rest) || IPV6.test(rest) || HOSTNAME.test(rest)) return { host: rest, port };
  return undefined;
}

export function isIpAddress(name: string): boolean {
  return IPV4.test(name) || IPV6.test(name);
}
