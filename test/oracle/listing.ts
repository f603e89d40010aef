// The JSON that `ansible-inventory --list` prints, and the pure transformations the oracle derives from it.

/** Any JSON value a variable can hold. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** One host's merged variables. */
export type HostVars = { [name: string]: JsonValue };

/** A group entry: either list is left out when empty, and a group with neither is left out altogether. */
export interface ListedGroup {
  hosts?: string[];
  children?: string[];
}

/** `ansible-inventory --list`: `_meta.hostvars` plus one entry per non-empty group. */
export interface InventoryListing {
  _meta: { hostvars: { [host: string]: HostVars } };
  [group: string]: ListedGroup | { hostvars: { [host: string]: HostVars } };
}

/** The group entries of a listing, without `_meta`. */
export function listedGroups(listing: InventoryListing): Map<string, ListedGroup> {
  return new Map(
    Object.entries(listing)
      .filter(([name]) => name !== '_meta')
      .map(([name, group]) => [name, group as ListedGroup]),
  );
}

/**
 * Every host of a listing, in first-seen order. `_meta.hostvars` is not enough: a host with no variables is
 * not in it, but every host is in `ungrouped` or in some group.
 */
export function listedHosts(listing: InventoryListing): string[] {
  const hosts = new Set<string>();
  for (const group of listedGroups(listing).values()) {
    for (const host of group.hosts ?? []) hosts.add(host);
  }
  return [...hosts];
}

/** `ansible-inventory --host H` prints `{}` for a host without variables, where --list leaves it out. */
export function hostVarsOf(listing: InventoryListing, host: string): HostVars {
  return listing._meta.hostvars[host] ?? {};
}

/**
 * What `ansible-inventory --list --limit PATTERN` prints, derived from the full listing and the hosts the
 * pattern selects. ansible-core 2.14 (the reference installed here) has no --limit on ansible-inventory; from
 * 2.16 on it keeps every group's children, keeps only the selected hosts in each group's hosts, drops groups
 * left with neither, and keeps only the selected hosts' variables. The selection itself comes from the real
 * Ansible (its pattern engine), so only this filtering is ours.
 */
export function limitListing(listing: InventoryListing, selected: ReadonlySet<string>): InventoryListing {
  const limited: InventoryListing = { _meta: { hostvars: {} } };
  for (const [name, group] of listedGroups(listing)) {
    const hosts = (group.hosts ?? []).filter((host) => selected.has(host));
    const entry: ListedGroup = {};
    if (hosts.length > 0) entry.hosts = hosts;
    if (group.children !== undefined && group.children.length > 0) entry.children = [...group.children];
    if (entry.hosts !== undefined || entry.children !== undefined) limited[name] = entry;
  }
  for (const [host, vars] of Object.entries(listing._meta.hostvars)) {
    if (selected.has(host)) limited._meta.hostvars[host] = vars;
  }
  return limited;
}

/** JSON with object keys sorted, so that equal values give equal text whatever their key order. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * One host of each kind, first seen first: hosts in the same groups with the same merged variables (a range's
 * hosts, say) take the same path through the inventory code. `--list` already compares every host's variables;
 * `--host` costs a quorum start per host, so the oracle asks it for one host of each kind.
 */
export function hostRepresentatives(listing: InventoryListing): string[] {
  const groupsOf = new Map<string, string[]>();
  for (const [name, group] of listedGroups(listing)) {
    for (const host of group.hosts ?? []) groupsOf.set(host, [...(groupsOf.get(host) ?? []), name]);
  }
  const kinds = new Map<string, string>();
  for (const host of listedHosts(listing)) {
    const kind = canonicalJson([[...(groupsOf.get(host) ?? [])].sort(), hostVarsOf(listing, host)]);
    if (!kinds.has(kind)) kinds.set(kind, host);
  }
  return [...kinds.values()];
}
