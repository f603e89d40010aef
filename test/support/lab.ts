import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildEtcdArchive, labDown, labUp, type EtcdArchive, type Lab, type LabHost } from '../../engine/lab/index.js';

// Lab hosts for test files. Each test file that needs hosts takes an address block of its own, so that
// files run in parallel without two sshd wanting the same address:
//
//   127.0.10       the default lab of `quorum lab up` (never in tests)
//   127.0.20-29    the lab's own tests (test/integration/lab.test.ts: 127.0.20, 127.0.21, 127.0.22)
//   127.0.31-39    connections (test/integration/connect*.test.ts: 127.0.31, 127.0.32 for the jump host)
//   127.0.41-49    modules over SSH (127.0.41)
//   127.0.50-59    etcd client against real etcd (etcd-client.test.ts: 127.0.50, etcd-live-state.test.ts: 127.0.51)
//   127.0.61-69    executor and playbook runs
//   127.0.71-79    end-to-end playbooks (test/e2e/)
//   127.0.81-89    the ansible-playbook compatibility oracle
//   127.0.91-99    benchmarks (bench/)
//   127.0.110-119  the bad day (issue 10): 110 by hand; test/e2e/bad-day-commands.test.ts 111,
//                  bad-day-restart-faults.test.ts 112, bad-day-scale-out.test.ts 113
//   127.0.120-129  etcd 3.5 and the 3.4 -> 3.5 upgrade (issue 11)
//   127.0.130-139  backup and restore (issue 12)
//   127.0.140-149  replace a member, defrag, consistency (issue 13)
//   127.0.150-159  the move from kubeadm's stacked etcd (issue 14)
//   127.0.160-169  members by name, readdress, fleets (issue 15)
//   127.0.170-179  Ansible habits: flags, vault, adhoc, the live view (issue 16)
//   127.0.190-199  by hand (not in tests)
//
// Within an area, take the next block nobody uses and say which in your test file.

export interface TestLabOptions {
  hosts: number;
  /** Three octets, e.g. '127.0.41'; see the table above. */
  block: string;
  /** Default 'h' (h1, h2, ...). */
  namePrefix?: string;
  /** Build the etcd release archives into `<lab dir>/dist` (seconds of gzip; off unless asked). */
  etcdArchive?: boolean;
  /** The etcd version inventories/lab deploys on this lab (engine/lab: 3.4.23, the default, or 3.5.16). */
  etcdVersion?: string;
}

export interface TestLab {
  lab: Lab;
  /** Ends every process of the lab and removes it; for afterAll. Safe to call twice. */
  stop: () => Promise<void>;
}

/** The lab directory of a block: fixed, so that a run killed mid-way is cleaned up by the next one. */
export function testLabDir(block: string): string {
  return join(tmpdir(), `quorum-test-lab-${block}`);
}

/**
 * Starts a lab for one test file. A lab left on the same block by an earlier run that was killed before its
 * afterAll is taken down first; and if starting fails half way, what did start is ended before the error
 * is rethrown, so that nothing is left running either way.
 */
export async function startTestLab(options: TestLabOptions): Promise<TestLab> {
  if (options.block === '127.0.10') {
    throw new Error('startTestLab: 127.0.10 is the default lab of `quorum lab up`; take a block from test/support/lab.ts');
  }
  const dir = testLabDir(options.block);
  const stop = (): Promise<void> => labDown(dir);
  await stop();
  try {
    const lab = await labUp({
      dir,
      hosts: options.hosts,
      addressBlock: options.block,
      namePrefix: options.namePrefix,
      etcdArchive: options.etcdArchive ?? false,
      ...(options.etcdVersion ? { etcdVersion: options.etcdVersion } : {}),
    });
    return { lab, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Registers beforeAll/afterAll for a lab and returns a getter for it (call it inside tests). Prefer this to
 * calling startTestLab by hand: if beforeAll times out while hosts are still starting, afterAll waits for
 * that start to end and then takes down whatever it started.
 */
export function useTestLab(options: TestLabOptions): () => Lab {
  let starting: Promise<TestLab> | undefined;
  let started: TestLab | undefined;
  beforeAll(async () => {
    starting = startTestLab(options);
    started = await starting;
  });
  afterAll(async () => {
    await starting?.catch(() => undefined);
    await labDown(testLabDir(options.block));
  });
  return () => {
    if (!started) throw new Error(`the test lab on ${options.block} did not start (see the beforeAll error)`);
    return started.lab;
  };
}

export interface SshResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/** The system ssh client's arguments for a lab host: the lab key, the lab's known_hosts, strict checking. */
export function labSshArgs(lab: Lab, host: LabHost, command: string): string[] {
  return [
    '-F', '/dev/null',
    '-i', host.privateKeyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${lab.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=10',
    '-p', String(host.port),
    `${host.user}@${host.address}`,
    command,
  ];
}

/** Runs a command on a lab host through the system ssh client, as an SRE would; never throws on rc != 0. */
export function labSsh(lab: Lab, host: LabHost, command: string): Promise<SshResult> {
  return new Promise((resolve) => {
    execFile('ssh', labSshArgs(lab, host, command), { encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = (err as { code?: unknown } | null)?.code;
      resolve({ rc: err ? (typeof code === 'number' ? code : 255) : 0, stdout, stderr });
    });
  });
}

/** The lab host of that name, or an error naming the hosts there are. */
export function labHost(lab: Lab, name: string): LabHost {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) throw new Error(`no host ${name} in the lab (it has ${lab.hosts.map((h) => h.name).join(', ')})`);
  return host;
}

/**
 * The etcd release archive for tests that install etcd, built once into a directory shared by every test
 * file and run (the archive is reproducible, and one already there whose sha256 file matches is kept).
 */
export function testEtcdArchive(version?: string): Promise<EtcdArchive> {
  return buildEtcdArchive(join(tmpdir(), 'quorum-test-etcd-archive'), version === undefined ? {} : { version });
}
