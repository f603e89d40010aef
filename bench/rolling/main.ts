// bench/rolling: a rolling restart of 5 etcd members holding 50,000 keys, against the sum of each member's own
// stop, start-to-healthy and catch-up times measured by hand in the same run, on the same lab. Prints the parts
// and the ratio; the target is at most 1.3x (issue 5). See README.md for what is counted.
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConnection } from '../../engine/connect/pool.js';
import type { Connection } from '../../engine/connect/types.js';
import { labDown, labUp, type Lab } from '../../engine/lab/index.js';
import { fillKeys } from './fill-keys.js';
import { measureMember, type MemberTimes } from './measure-member.js';
import type { MemberAddress } from './member-control.js';
import { MemberStatusReader } from './member-status.js';
import { BenchUsageError, readOptions } from './options.js';
import { batchLines, memberLines, ratioLine, sumOfOwnTimes } from './report.js';
import { batchTimings, firstPlayMs, runPlaybook } from './rolling-run.js';

// Until the etcd roles deploy a whole cluster, the demo playbooks stand in (plain HTTP, same pidfile layout).
const DEPLOY = 'playbooks/demo/deploy-plain.yml';
const ROLLING_RESTART = 'playbooks/demo/rolling-restart.yml';

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const loadLine = (): string => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;

function connectionTo(lab: Lab, name: string): Connection {
  const host = lab.hosts.find((h) => h.name === name)!;
  return openConnection(name, {
    ansible_host: host.address,
    ansible_port: host.port,
    ansible_user: host.user,
    ansible_ssh_private_key_file: host.privateKeyFile,
    quorum_known_hosts_file: lab.knownHostsFile,
  }, { agentSocket: false });
}

async function runOrFail(playbook: string, inventory: string): Promise<Awaited<ReturnType<typeof runPlaybook>>> {
  const run = await runPlaybook(playbook, inventory);
  if (run.exitCode !== 0) {
    const failed = run.events.filter((e) => e.event.type === 'host_result' || e.event.type === 'gate').slice(-5).map((e) => JSON.stringify(e.event));
    throw new Error(`bench/rolling: quorum run ${playbook} exited ${run.exitCode}\n${failed.join('\n')}\n${run.stderr.trim().slice(-2000)}`);
  }
  return run;
}

async function bench(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dir = join(tmpdir(), `quorum-bench-rolling-${options.block}`);
  await labDown(dir);
  const stop = () => labDown(dir).finally(() => process.exit(99));
  process.once('SIGINT', stop);
  const connections: Connection[] = [];
  const readers = new Map<string, MemberStatusReader>();
  try {
    const lab = await labUp({ dir, hosts: options.members, addressBlock: options.block, etcdArchive: false });
    const members: MemberAddress[] = lab.hosts.slice(0, options.members).map((h) => ({ name: h.name, address: h.address }));
    const initialCluster = members.map((m) => `${m.name}=http://${m.address}:2380`).join(',');
    console.log(`bench/rolling: ${members.length} members on ${options.block}, ${options.keys} keys of ${options.valueBytes} bytes; ${loadLine()}`);
    const deploy = await runOrFail(DEPLOY, lab.inventoryFile);
    console.log(`deployed with ${DEPLOY} in ${s(deploy.wallMs)}`);
    const filled = await fillKeys(`http://${members[0]!.address}:2379`, options.keys, options.valueBytes);
    console.log(`filled in ${s(filled.elapsedMs)}: database ${(filled.dbSizeBytes / 1e6).toFixed(1)} MB`);

    for (const m of members) readers.set(m.name, new MemberStatusReader(`http://${m.address}:2379`));
    const times: MemberTimes[] = [];
    for (const m of members) {
      const connection = connectionTo(lab, m.name);
      connections.push(connection);
      times.push(await measureMember(m, connection, { byHost: readers }, initialCluster));
    }
    console.log('\neach member restarted on its own, one after another:');
    for (const line of memberLines(times)) console.log(`  ${line}`);
    const own = sumOfOwnTimes(times);
    console.log(`  sum: stop ${s(own.stopMs)} + start ${s(own.startMs)} + catch-up ${s(own.catchUpMs)} = ${s(own.totalMs)}`);

    const rolling = await runOrFail(ROLLING_RESTART, lab.inventoryFile);
    console.log(`\nquorum run ${ROLLING_RESTART} (whole process, start-up included): ${s(rolling.wallMs)}`);
    console.log(`  first play started at ${s(firstPlayMs(rolling.events) ?? 0)} (node start-up, loading the playbook and inventory)`);
    for (const line of batchLines(batchTimings(rolling.events))) console.log(line);
    console.log(`\n${ratioLine(rolling.wallMs, own.totalMs)}`);
    console.log(loadLine());
    if (options.keep) console.log(`lab kept running in ${dir}; take it down with: quorum lab down --dir ${dir}`);
  } finally {
    await Promise.allSettled([...readers.values()].map((r) => r.close()));
    await Promise.allSettled(connections.map((c) => c.close()));
    process.off('SIGINT', stop);
    if (!options.keep) await labDown(dir);
  }
}

bench().catch((error: unknown) => {
  console.error(error instanceof BenchUsageError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
