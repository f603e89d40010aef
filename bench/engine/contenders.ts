// The three processes the benchmark times, on the same lab and playbook: quorum run, ansible-playbook (sealed,
// pipelining on, ControlPersist on) and the floor script.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lab } from '../../engine/lab/index.js';
import { repoRoot } from '../../engine/paths.js';
import type { FloorTarget } from './floor.js';
import type { ProcessSpec } from './measure.js';

export type ContenderName = 'quorum' | 'ansible-playbook' | 'floor';

export interface Contender {
  readonly name: ContenderName;
  readonly spec: ProcessSpec;
}

export const playbookFile = join(repoRoot, 'bench', 'engine', 'playbook', 'site.yml');

/** A private HOME and ControlPath directory for ansible-playbook; dispose() ends its SSH masters and removes it. */
export interface AnsibleHome {
  readonly env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export async function createAnsibleHome(): Promise<AnsibleHome> {
  const home = await mkdtemp(join(tmpdir(), 'quorum-bench-engine-ansible-'));
  const config = join(home, 'ansible.cfg');
  const controlDir = join(home, 'cp');
  await writeFile(config, '# empty on purpose: the settings are the ANSIBLE_* variables of the benchmark\n');
  await mkdir(join(home, 'tmp'));
  await mkdir(controlDir);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: home,
    ANSIBLE_CONFIG: config,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    // What the issue names: pipelining on, and SSH masters that persist between tasks and between runs (these
    // ssh_args are Ansible's defaults, spelled out). Host keys are checked by the inventory's
    // ansible_ssh_common_args against the lab's known_hosts.
    ANSIBLE_PIPELINING: 'True',
    ANSIBLE_SSH_ARGS: '-C -o ControlMaster=auto -o ControlPersist=60s',
    ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir,
    // At 50 forks on a busy 2-core machine, sudo's prompt check overran Ansible's default 10 s connection
    // timeout ("Timeout (12s) waiting for privilege escalation prompt") and hosts failed: give it room.
    ANSIBLE_TIMEOUT: '60',
  };
  const dispose = async (): Promise<void> => {
    // The masters would end with the lab's sshd anyway; asking them to exit leaves nothing behind at all.
    const sockets = await readdir(controlDir).catch(() => []);
    await Promise.allSettled(
      sockets.map(
        (socket) =>
          new Promise<void>((resolve) => {
            execFile('ssh', ['-o', `ControlPath=${join(controlDir, socket)}`, '-O', 'exit', 'master'], () => resolve());
          }),
      ),
    );
    await rm(home, { recursive: true, force: true });
  };
  return { env, dispose };
}

export function contenders(lab: Lab, forks: number, ansibleEnv: NodeJS.ProcessEnv): Contender[] {
  const cwd = repoRoot;
  const first = lab.hosts[0];
  if (first === undefined) throw new Error('bench/engine: the lab has no hosts');
  const floorTarget: FloorTarget = {
    user: first.user,
    privateKeyFile: first.privateKeyFile,
    knownHostsFile: lab.knownHostsFile,
    port: first.port,
    hosts: lab.hosts.map((host) => ({ name: host.name, address: host.address })),
  };
  const plainEnv: NodeJS.ProcessEnv = { PATH: process.env['PATH'], LANG: 'C.UTF-8', NO_COLOR: '1' };
  return [
    {
      name: 'quorum',
      spec: {
        command: process.execPath,
        args: [join(repoRoot, 'bin', 'quorum.js'), 'run', playbookFile, '-i', lab.inventoryFile, '--plain', '--forks', String(forks)],
        cwd,
        env: plainEnv,
      },
    },
    {
      name: 'ansible-playbook',
      spec: {
        command: 'ansible-playbook',
        args: [playbookFile, '-i', lab.inventoryFile, '--forks', String(forks)],
        cwd,
        env: ansibleEnv,
      },
    },
    {
      name: 'floor',
      spec: {
        command: process.execPath,
        args: [join(repoRoot, 'dist', 'bench', 'engine', 'floor.js'), JSON.stringify(floorTarget)],
        cwd,
        env: plainEnv,
      },
    },
  ];
}
