import { UsageError } from '../errors.js';
import { hostVars } from './host-vars.js';
import { hostsOfGroup, selectHosts } from './patterns.js';
import { pythonJson } from './python-json.js';
import type { Inventory } from './types.js';

// The three views of `quorum inventory`, printed exactly as ansible-inventory prints them. --limit (which
// ansible-inventory 2.14 does not have) keeps only the selected hosts: in group host lists, in _meta.hostvars
// and in the graph; groups stay, as ansible-playbook --limit keeps every group defined.

/** Variables that ansible-inventory computes for each run and leaves out of its output. */
const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short', 'groups',
  'group_names', 'omit', 'playbook_dir',
]);

export type HostFilter = (host: string) => boolean;

export function limitFilter(inventory: Inventory, limit: string | undefined): HostFilter {
  if (limit === undefined) return () => true;
  const selected = new Set(selectHosts(inventory, limit));
  return (host) => selected.has(host);
}

function shownVars(inventory: Inventory, host: string): Record<string, unknown> {
  const vars = hostVars(inventory, host);
  for (const key of INTERNAL_VARS) delete vars[key];
  return vars;
}

interface ListedGroup {
  hosts?: string[];
  children?: string[];
}

/** `ansible-inventory --list`. */
export function renderList(inventory: Inventory, keep: HostFilter): string {
  const result: { [name: string]: unknown } = {};
  const seen = new Set<string>();
  const formatGroup = (name: string): void => {
    const group = inventory.groups.get(name)!;
    const entry: ListedGroup = {};
    const hosts = name === 'all' ? [] : group.hosts.filter(keep);
    if (hosts.length > 0) entry.hosts = hosts;
    if (group.children.length > 0) entry.children = [...group.children];
    for (const child of group.children) {
      if (!seen.has(child)) {
        formatGroup(child);
        seen.add(child);
      }
    }
    if (entry.hosts || entry.children) result[name] = entry;
  };
  formatGroup('all');
  const hostvars: { [host: string]: unknown } = {};
  for (const host of hostsOfGroup(inventory, 'all').filter(keep)) {
    const vars = shownVars(inventory, host);
    if (Object.keys(vars).length > 0) hostvars[host] = vars;
  }
  result['_meta'] = { hostvars };
  return pythonJson(result);
}

/** `ansible-inventory --graph [group]`. */
export function renderGraph(inventory: Inventory, start: string, keep: HostFilter): string {
  if (!inventory.groups.has(start)) {
    throw new UsageError(`--graph needs a group name, and '${start}' is not a group of this inventory`, 'run `quorum inventory -i ... --graph` to see the groups');
  }
  const lines: string[] = [];
  const label = (name: string, depth: number): string => (depth ? '  |'.repeat(depth) + '--' + name : name);
  const walk = (name: string, depth: number): void => {
    lines.push(label(`@${name}:`, depth));
    const group = inventory.groups.get(name)!;
    for (const child of group.children) walk(child, depth + 1);
    if (name !== 'all') for (const host of group.hosts.filter(keep)) lines.push(label(host, depth + 1));
  };
  walk(start, 0);
  return lines.join('\n');
}

/** `ansible-inventory --host PATTERN`: the pattern must select exactly one host. */
export function renderHost(inventory: Inventory, pattern: string, keep: HostFilter): string {
  const hosts = selectHosts(inventory, pattern).filter(keep);
  if (hosts.length !== 1) {
    throw new UsageError(
      `--host needs a pattern that selects exactly one host; '${pattern}' selects ${hosts.length}`,
      hosts.length === 0 ? 'check the name with `quorum inventory -i ... --graph`' : `pick one of: ${hosts.slice(0, 5).join(', ')}`,
    );
  }
  return pythonJson(shownVars(inventory, hosts[0]!));
}
