import type { JsonValue } from '../modules/types.js';
import type { MemberSpec } from './types.js';

// The module's `members` argument as a task writes it (a list of {name, addresses, dns_names} dicts, often
// built by a template), read into MemberSpecs, with one message per entry that is not usable.

function stringList(value: JsonValue | undefined, where: string, problems: string[]): string[] {
  if (value === undefined || value === null) return [];
  // One address alone, as `addresses: 10.0.0.1`, is a list of one.
  if (typeof value === 'string' || typeof value === 'number') return [String(value)];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    problems.push(`${where}: expected a list of strings, got ${JSON.stringify(value)}`);
    return [];
  }
  return value.map(String);
}

export function readMembers(raw: readonly JsonValue[]): { members: MemberSpec[]; problems: string[] } {
  const problems: string[] = [];
  const members: MemberSpec[] = [];
  raw.forEach((entry, index) => {
    const where = `members[${index}]`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${where}: expected a dict with name, addresses and dns_names, got ${JSON.stringify(entry)}`);
      return;
    }
    const unknown = Object.keys(entry).filter((k) => !['name', 'addresses', 'dns_names'].includes(k));
    if (unknown.length > 0) problems.push(`${where}: unknown keys ${unknown.join(', ')} (a member has name, addresses and dns_names)`);
    const name = entry['name'];
    if (typeof name !== 'string' || name === '') {
      problems.push(`${where}.name: required, the member's inventory_hostname`);
      return;
    }
    members.push({
      name,
      addresses: stringList(entry['addresses'], `${where}.addresses`, problems),
      dnsNames: stringList(entry['dns_names'], `${where}.dns_names`, problems),
    });
  });
  return { members, problems };
}
