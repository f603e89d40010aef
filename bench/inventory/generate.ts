// Writes a large, deterministic inventory for the benchmark: hosts spread over leaf groups, the leaf groups
// under a few parent groups, a group_vars file for every group and host_vars for a share of the hosts. The
// shape resembles a real fleet (regions > services > hosts) so that both tools do their usual work.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface InventoryShape {
  readonly hosts: number;
  /** Every group, parents included. */
  readonly groups: number;
  /** How many of the groups are parents of the others. */
  readonly parentGroups: number;
  /** One host in this many gets a host_vars file. */
  readonly hostVarsEvery: number;
  /** One host in this many is also a member of the next leaf group. */
  readonly secondGroupEvery: number;
}

export interface GeneratedInventory {
  /** The `-i` sources, absolute. */
  readonly sources: readonly string[];
  readonly hostCount: number;
  readonly groupCount: number;
  /** Files written: the inventory plus every group_vars and host_vars file. */
  readonly fileCount: number;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const hostName = (index: number): string => `node-${pad(index, 5)}`;
const leafName = (index: number): string => `svc_${pad(index, 3)}`;
const parentName = (index: number): string => `region_${pad(index, 2)}`;
const tiers = ['web', 'db', 'cache', 'queue'] as const;

/** The leaf groups each host belongs to, by host index (0-based). */
function leafGroupsOf(host: number, shape: InventoryShape, leaves: number): number[] {
  const home = host % leaves;
  return host % shape.secondGroupEvery === 0 ? [home, (home + 1) % leaves] : [home];
}

function inventoryYaml(shape: InventoryShape): string {
  const leaves = shape.groups - shape.parentGroups;
  const members: string[][] = Array.from({ length: leaves }, () => []);
  for (let host = 0; host < shape.hosts; host++) {
    for (const leaf of leafGroupsOf(host, shape, leaves)) members[leaf]?.push(hostName(host + 1));
  }
  const lines = ['all:', '  vars:', '    ansible_user: fleet', '    ansible_become: true', '  children:'];
  for (let parent = 0; parent < shape.parentGroups; parent++) {
    lines.push(`    ${parentName(parent)}:`, '      children:');
    for (let leaf = parent; leaf < leaves; leaf += shape.parentGroups) lines.push(`        ${leafName(leaf)}:`);
  }
  for (let leaf = 0; leaf < leaves; leaf++) {
    lines.push(`    ${leafName(leaf)}:`, '      hosts:');
    for (const name of members[leaf] ?? []) {
      const index = Number(name.slice('node-'.length));
      lines.push(
        `        ${name}:`,
        `          ansible_host: 10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
        `          rack: r${pad(index % 40, 2)}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

function leafGroupVars(leaf: number): string {
  return [
    `service_name: ${leafName(leaf)}`,
    `service_port: ${8000 + leaf}`,
    `tier: ${tiers[leaf % tiers.length]}`,
    'settings:',
    `  replicas: ${1 + (leaf % 5)}`,
    `  zone: zone-${leaf % 3}`,
    '  probes: [liveness, readiness]',
    `owner_team: team-${leaf % 12}`,
    '',
  ].join('\n');
}

function hostVars(host: number): string {
  return [`host_serial: SN${pad(host, 8)}`, 'maintenance: false', `weight: ${host % 100}`, 'labels:', `  slot: ${host % 16}`, ''].join('\n');
}

export async function generateInventory(root: string, shape: InventoryShape): Promise<GeneratedInventory> {
  const leaves = shape.groups - shape.parentGroups;
  const groupVarsDir = join(root, 'group_vars');
  const hostVarsDir = join(root, 'host_vars');
  await mkdir(groupVarsDir, { recursive: true });
  await mkdir(hostVarsDir, { recursive: true });
  const files = new Map<string, string>();
  files.set(join(root, 'hosts.yml'), inventoryYaml(shape));
  files.set(join(groupVarsDir, 'all.yml'), 'ntp_servers: [ntp1.example.com, ntp2.example.com]\nlog_level: info\n');
  for (let leaf = 0; leaf < leaves; leaf++) files.set(join(groupVarsDir, `${leafName(leaf)}.yml`), leafGroupVars(leaf));
  for (let parent = 0; parent < shape.parentGroups; parent++) {
    // Parents use the directory form, so that both tools also walk group_vars/<name>/.
    const dir = join(groupVarsDir, parentName(parent));
    await mkdir(dir, { recursive: true });
    files.set(join(dir, 'main.yml'), `region: ${parentName(parent)}\nlog_level: debug\n`);
  }
  for (let host = 1; host <= shape.hosts; host++) {
    if (host % shape.hostVarsEvery === 0) files.set(join(hostVarsDir, `${hostName(host)}.yml`), hostVars(host));
  }
  // One at a time: a thousand files written at once can exceed the open-file limit, and this is not timed.
  for (const [path, text] of files) await writeFile(path, text);
  return {
    sources: [join(root, 'hosts.yml')],
    hostCount: shape.hosts,
    groupCount: shape.groups,
    fileCount: files.size,
  };
}
