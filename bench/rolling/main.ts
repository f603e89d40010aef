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
import { demoLayout, rolesLayout } from './layouts.js';
import { BenchUsageError, readOptions } from './options.js';
import { batchLines, memberLines, ratioLine, sumOfOwnTimes } from './report.js';
import { batchTimings, firstPlayMs, runPlaybook } from './rolling-run.js';


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

async function runOrFail(playbook: string, runArgs: string[]): Promise<Awaited<ReturnType<typeof runPlaybook>>> {
  const run = await runPlaybook(playbook, runArgs);
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
    const layout = options.playbooks === 'roles' ? rolesLayout : demoLayout;
    const lab = await labUp({ dir, hosts: options.members, addressBlock: options.block, etcdArchive: layout.name === 'roles' });
    const members: MemberAddress[] = lab.hosts.slice(0, options.members).map((h) => ({ name: h.name, address: h.address }));
    console.log(`bench/rolling: ${members.length} members on ${options.block}, ${options.keys} keys of ${options.valueBytes} bytes, ${layout.name} playbooks; ${loadLine()}`);
    const runArgs = layout.runArgs(lab, options.block);
    const deploy = await runOrFail(layout.deploy, runArgs);
    console.log(`deployed with ${layout.deploy} in ${s(deploy.wallMs)}`);
    const tls = layout.tls(lab);
    const url = (m: MemberAddress) => `${tls ? 'https' : 'http'}://${m.address}:2379`;
    const filled = await fillKeys(url(members[0]!), tls, options.keys, options.valueBytes);
    console.log(`filled in ${s(filled.elapsedMs)}: database ${(filled.dbSizeBytes / 1e6).toFixed(1)} MB`);

    for (const m of members) readers.set(m.name, new MemberStatusReader(url(m), tls));
    const times: MemberTimes[] = [];
    for (const m of members) {
      const connection = connectionTo(lab, m.name);
      connections.push(connection);
      times.push(await measureMember(m, connection, { byHost: readers }, layout.startCommand(m, members)));
    }
    console.log('\neach member restarted on its own, one after another:');
    for (const line of memberLines(times)) console.log(`  ${line}`);
    const own = sumOfOwnTimes(times);
    console.log(`  sum: stop ${s(own.stopMs)} + start ${s(own.startMs)} + catch-up ${s(own.catchUpMs)} = ${s(own.totalMs)}`);

    const rolling = await runOrFail(layout.rollingRestart, [...runArgs, ...options.rollingExtraVars.flatMap((v) => ['-e', v])]);
    const extra = options.rollingExtraVars.map((v) => ` -e ${v}`).join('');
    console.log(`\nquorum run ${layout.rollingRestart}${extra} (whole process, start-up included): ${s(rolling.wallMs)}`);
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
