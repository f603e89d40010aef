import { existingLabDir } from './lab-dir.js';
import { hostPaths, labPaths, namespaceFingerprint } from './layout.js';
import { processesInNamespacesMatching } from './namespaces.js';
import { readSshdPid, runningSshdPid } from './host.js';
import { lastLine, runCommand } from './run-command.js';
import { plannedHosts } from './settings.js';
import { requireRoot } from './prerequisites.js';
import { readLabState } from './state.js';
import { findProgram } from './tools.js';
import type { LabHostStatus, LabStatus } from './types.js';

export interface LoginCheckInput {
  ssh: string;
  address: string;
  port: number;
  user: string;
  privateKeyFile: string;
  knownHostsFile: string;
}

/** The system ssh client's arguments for a login that runs `true`: the lab key, strict host keys, no prompts. */
export function loginCheckArgs(input: Omit<LoginCheckInput, 'ssh'>): string[] {
  return [
    '-F', '/dev/null',
    '-i', input.privateKeyFile,
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${input.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-o', 'ConnectTimeout=5',
    '-p', String(input.port),
    `${input.user}@${input.address}`,
    'true',
  ];
}

/**
 * Each host of the lab in `dir`: its sshd, its processes, and whether a login works. Read-only, but root
 * only all the same: other users can neither see which namespace a root process is in nor read the lab key.
 */
export async function labStatus(dir: string): Promise<LabStatus> {
  requireRoot();
  const real = await existingLabDir(dir);
  const paths = real === undefined ? undefined : labPaths(real);
  const state = paths === undefined ? undefined : await readLabState(paths.stateFile);
  if (real === undefined || paths === undefined || state === undefined) return { dir: real ?? dir, exists: false, hosts: [] };
  const ssh = (await findProgram('ssh')) ?? 'ssh';
  const hosts = await Promise.all(
    plannedHosts(state).map(async (host): Promise<LabHostStatus> => {
      const hp = hostPaths(real, host.name);
      const [sshdPid, runningPid, processes] = await Promise.all([
        readSshdPid(hp),
        runningSshdPid(real, host.name),
        processesInNamespacesMatching(namespaceFingerprint(hp.dir)),
      ]);
      const status: LabHostStatus = {
        name: host.name,
        address: host.address,
        port: state.port,
        sshdPid,
        sshdRunning: runningPid !== null,
        sshAnswers: false,
        processes: processes.length,
      };
      const login = await runCommand(
        ssh,
        loginCheckArgs({ ...host, port: state.port, user: state.user, privateKeyFile: paths.privateKeyFile, knownHostsFile: paths.knownHostsFile }),
      );
      status.sshAnswers = login.rc === 0;
      if (login.rc !== 0) status.problem = lastLine(login.stderr) || `ssh exited ${login.rc}`;
      return status;
    }),
  );
  return { dir: real, exists: true, hosts };
}
