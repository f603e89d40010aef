// Writes a fleet for the planner benchmark into a directory: one etcdctl-style state file per cluster (ids
// above 2^53, isLearner omitted, as etcdctl prints them), an inventory with every host and its cluster, and a
// rolling playbook, so that the same files serve the in-process figure and the whole `quorum plan` process.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FleetHost } from '../../engine/plan/index.js';

export interface Fleet {
  stateFiles: string[];
  hosts: FleetHost[];
  inventoryFile: string;
  playbookFile: string;
}

/** Deterministic 64-bit ids: the same fleet every run, so that runs compare. */
function* idStream(): Generator<bigint> {
  let x = 0x9e3779b97f4a7c15n;
  for (;;) {
    x = (x * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    yield x | (1n << 60n);
  }
}

function clusterName(index: number): string {
  return `c${String(index + 1).padStart(3, '0')}`;
}

function hostAddress(cluster: number, member: number): string {
  // 127.x.y.z: loopback only, unique per host.
  const n = cluster * 16 + member + 1;
  return `127.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
}

export async function writeFleet(dir: string, clusters: number, members: number): Promise<Fleet> {
  const ids = idStream();
  const next = (): string => (ids.next().value as bigint).toString();
  await mkdir(join(dir, 'states'), { recursive: true });
  const stateFiles: string[] = [];
  const hosts: FleetHost[] = [];
  const inventoryLines = ['all:', '  children:', '    etcd:', '      hosts:'];
  for (let c = 0; c < clusters; c += 1) {
    const name = clusterName(c);
    const clusterId = next();
    const memberIds = Array.from({ length: members }, next);
    const leader = memberIds[c % members] as string;
    const list = memberIds.map((id, m) => {
      const address = hostAddress(c, m);
      hosts.push({ name: `${name}-e${m + 1}`, vars: { ansible_host: address, etcd_cluster_name: name } });
      inventoryLines.push(`        ${name}-e${m + 1}: {ansible_host: ${address}, etcd_cluster_name: ${name}}`);
      return `{"ID":${id},"name":"${name}-e${m + 1}","peerURLs":["http://${address}:2380"],"clientURLs":["http://${address}:2379"]}`;
    });
    const endpoints = memberIds.map((id, m) => {
      const status =
        `{"header":{"cluster_id":${clusterId},"member_id":${id},"revision":5000,"raft_term":3},"version":"3.4.23",` +
        `"dbSize":2105344,"leader":${leader},"raftIndex":5012,"raftTerm":3,"raftAppliedIndex":5012,"dbSizeInUse":2088960}`;
      return `{"Endpoint":"${hostAddress(c, m)}:2379","Status":${status}}`;
    });
    const text =
      `{"members":{"header":{"cluster_id":${clusterId},"member_id":${memberIds[0]},"raft_term":3},` +
      `"members":[${list.join(',')}]},"endpoints":[${endpoints.join(',')}]}\n`;
    const file = join(dir, 'states', `${name}.json`);
    await writeFile(file, text);
    stateFiles.push(file);
  }
  const inventoryFile = join(dir, 'inventory.yml');
  await writeFile(inventoryFile, inventoryLines.join('\n') + '\n');
  const playbookFile = join(dir, 'rolling-restart.yml');
  await writeFile(
    playbookFile,
    [
      '- name: rolling restart of every cluster',
      '  hosts: etcd',
      '  gather_facts: false',
      '  rolling:',
      '    cluster: etcd',
      '    cluster_var: etcd_cluster_name',
      '  tasks:',
      '    - name: restart etcd',
      '      command: /bin/true',
      '',
    ].join('\n'),
  );
  return { stateFiles, hosts, inventoryFile, playbookFile };
}
