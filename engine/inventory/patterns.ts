import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { parseAddress } from './address.js';
import type { Inventory } from './types.js';

// Host patterns as in `hosts:` and --limit, with Ansible's semantics and order: `a:b` or `a,b` (union),
// `a:&b` (intersection), `a:!b` (exclusion), `g[0]`, `g[0:2]`, `g[-1]`, `g[1:]` (slices of a group's hosts,
// both ends included), `~regex` (matched from the start of the name), `*`/`?`/`[...]` wildcards, `all`.
// Unions come first, then intersections, then exclusions, whatever order they are written in.

const SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/;
const SPLIT_ON_COLONS = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/** Splits `a:b,c` into single patterns. Colons separate only when the text is not a host[:port] or a range. */
export function splitHostPattern(pattern: string): string[] {
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern)) parts = [pattern];
  else parts = pattern.match(SPLIT_ON_COLONS) ?? [];
  return parts.map((part) => part.trim()).filter(Boolean);
}

/** fnmatch's translation of a shell wildcard into a regular expression matching the whole name. */
function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') out += '.*';
    else if (ch === '?') out += '.';
    else if (ch === '[') {
      let j = i + 1;
      if (glob[j] === '!') j++;
      if (glob[j] === ']') j++;
      while (j < glob.length && glob[j] !== ']') j++;
      if (j >= glob.length) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, j).replaceAll('\\', '\\\\');
      if (body.startsWith('!')) body = '^' + body.slice(1);
      else if (body.startsWith('^')) body = '\\' + body;
      out += `[${body}]`;
      i = j;
    } else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 'su');
}

function patternToMatcher(pattern: string): RegExp {
  if (!pattern.startsWith('~')) return globToRegExp(pattern);
  // Python's named groups are written differently; the rest of the common syntax is the same.
  const source = pattern.slice(1).replaceAll('(?P<', '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(`^(?:${source})`);
  } catch {
    throw new QuorumError('QUORUM_PATTERN_INVALID', `invalid host pattern '${pattern}': not a valid regular expression`, ExitCode.badOptions, 'check the regular expression after ~');
  }
}

/** The hosts of a group and of its descendants, breadth first, each once (Ansible's group order). */
export function hostsOfGroup(inventory: Inventory, name: string): string[] {
  const result: string[] = [];
  const seenHosts = new Set<string>();
  const seenGroups = new Set<string>([name]);
  let level = [name];
  while (level.length > 0) {
    const next: string[] = [];
    for (const groupName of level) {
      const group = inventory.groups.get(groupName)!;
      for (const host of group.hosts) {
        if (!seenHosts.has(host)) {
          seenHosts.add(host);
          result.push(host);
        }
      }
      for (const child of group.children) {
        if (!seenGroups.has(child)) {
          seenGroups.add(child);
          next.push(child);
        }
      }
    }
    level = next;
  }
  return result;
}

function enumerateMatches(inventory: Inventory, pattern: string): string[] {
  const matcher = patternToMatcher(pattern);
  const results: string[] = [];
  const groups = [...inventory.groups.keys()].filter((name) => matcher.test(name));
  for (const group of groups) results.push(...hostsOfGroup(inventory, group));
  if (groups.length === 0 || pattern.startsWith('~') || /[.?*[]/.test(pattern)) {
    for (const host of inventory.hosts.keys()) if (matcher.test(host)) results.push(host);
  }
  return results;
}

function matchOne(inventory: Inventory, pattern: string): string[] {
  const bare = pattern.startsWith('&') || pattern.startsWith('!') ? pattern.slice(1) : pattern;
  const m = bare.startsWith('~') ? null : SUBSCRIPT.exec(bare);
  if (!m) return enumerateMatches(inventory, bare);
  const hosts = enumerateMatches(inventory, m[1]!);
  if (hosts.length === 0) return hosts;
  if (m[2] !== undefined) {
    const index = Number(m[2]);
    const host = hosts[index < 0 ? hosts.length + index : index];
    if (host === undefined) {
      throw new QuorumError(
        'QUORUM_PATTERN_SUBSCRIPT',
        `no hosts matched the subscripted pattern '${bare}' (it matches ${hosts.length} host${hosts.length === 1 ? '' : 's'})`,
        ExitCode.error,
        `use an index from 0 to ${hosts.length - 1}, or from -1 to -${hosts.length}`,
      );
    }
    return [host];
  }
  const start = Number(m[3]);
  // As in Ansible: `g[1:]` runs to the end, and an end of 0 selects only the start.
  const end = m[5] === '' ? hosts.length - 1 : Number(m[5]);
  if (end === 0) {
    const host = hosts[start];
    if (host === undefined) {
      throw new QuorumError('QUORUM_PATTERN_SUBSCRIPT', `no hosts matched the subscripted pattern '${bare}'`, ExitCode.error, `the group has ${hosts.length} hosts`);
    }
    return [host];
  }
  return hosts.slice(start, end + 1);
}

/** The hosts a pattern selects, in Ansible's order, each once. */
export function selectHosts(inventory: Inventory, pattern: string): string[] {
  const patterns = splitHostPattern(pattern);
  const regular = patterns.filter((p) => !p.startsWith('&') && !p.startsWith('!'));
  const ordered = [
    ...(regular.length > 0 ? regular : ['all']),
    ...patterns.filter((p) => p.startsWith('&')),
    ...patterns.filter((p) => p.startsWith('!')),
  ];
  let hosts: string[] = [];
  for (const p of ordered) {
    if (inventory.hosts.has(p)) {
      hosts.push(p);
      continue;
    }
    const matched = matchOne(inventory, p);
    if (p.startsWith('!')) {
      const excluded = new Set(matched);
      hosts = hosts.filter((h) => !excluded.has(h));
    } else if (p.startsWith('&')) {
      const kept = new Set(matched);
      hosts = hosts.filter((h) => kept.has(h));
    } else {
      const existing = new Set(hosts);
      hosts.push(...matched.filter((h) => !existing.has(h)));
    }
  }
  return [...new Set(hosts)];
}
