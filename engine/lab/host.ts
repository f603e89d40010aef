import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { LabError, LabErrorCode } from './errors.js';
import { ensureKeyPair } from './keys.js';
import { hostPaths, namespaceFingerprint, overlayLayers, type HostPaths } from './layout.js';
import { endProcessesInNamespacesMatching, processInNamespaceMatching } from './namespaces.js';
import { lastLine, runCommand } from './run-command.js';
import type { PlannedHost } from './settings.js';
import { renderSshdConfig } from './sshd-config.js';
import { renderStartScript } from './start-script.js';

export interface HostPrograms {
  sshd: string;
  'ssh-keygen': string;
  unshare: string;
}

export interface HostStartInput {
  labDir: string;
  host: PlannedHost;
  port: number;
  user: string;
  authorizedKeysFile: string;
  programs: HostPrograms;
}

/** The pid in a host's sshd pidfile, or null when there is none. */
export async function readSshdPid(paths: Pick<HostPaths, 'pidFile'>): Promise<number | null> {
  const text = await readFile(paths.pidFile, 'utf8').catch(() => '');
  const pid = Number.parseInt(text.trim(), 10);
  return Number.isInteger(pid) && pid > 1 ? pid : null;
}

/** The host's sshd pid when that process is alive and really is this host's (in its namespace), else null. */
export async function runningSshdPid(labDir: string, name: string): Promise<number | null> {
  const paths = hostPaths(labDir, name);
  const pid = await readSshdPid(paths);
  if (pid === null) return null;
  return (await processInNamespaceMatching(pid, namespaceFingerprint(paths.dir))) ? pid : null;
}

/**
 * Brings one host up unless its sshd already runs, and returns its host public key line. A host whose sshd
 * died is restarted like a rebooted machine: what is left in its old namespace (an etcd, say) is ended first,
 * and its private trees keep their contents.
 */
export async function ensureHostUp(input: HostStartInput): Promise<string> {
  const paths = hostPaths(input.labDir, input.host.name);
  const layers = overlayLayers(paths.layersDir);
  await Promise.all(layers.flatMap((l) => [mkdir(l.upperDir, { recursive: true }), mkdir(l.workDir, { recursive: true })]));
  // A host without a key has never started, so no namespace of its can exist: skip the scan of /proc.
  const startedBefore = await access(paths.hostKeyFile).then(
    () => true,
    () => false,
  );
  const hostKey = await ensureKeyPair(input.programs['ssh-keygen'], paths.hostKeyFile, `${input.host.name} (quorum lab)`);
  if (startedBefore) {
    if ((await runningSshdPid(input.labDir, input.host.name)) !== null) return hostKey;
    await endProcessesInNamespacesMatching(namespaceFingerprint(paths.dir));
  }
  await writeFile(
    paths.sshdConfigFile,
    renderSshdConfig({ address: input.host.address, port: input.port, user: input.user, paths, authorizedKeysFile: input.authorizedKeysFile }),
    { mode: 0o644 },
  );
  await writeFile(
    paths.startScript,
    renderStartScript({ name: input.host.name, address: input.host.address, layers, paths, sshdPath: input.programs.sshd }),
    { mode: 0o755 },
  );
  await rm(paths.pidFile, { force: true });
  await rm(paths.logFile, { force: true });
  const started = await runCommand(input.programs.unshare, ['--mount', '--uts', '--propagation', 'private', '/bin/sh', paths.startScript]);
  if (started.rc !== 0) {
    const log = await readFile(paths.logFile, 'utf8').catch(() => '');
    throw hostError(input, lastLine(log) || lastLine(started.stderr) || `start script exited ${started.rc}`);
  }
  await waitUntilListening(input, paths);
  return hostKey;
}

/** sshd writes its pidfile once it listens; then the address must answer with an SSH banner. */
async function waitUntilListening(input: HostStartInput, paths: HostPaths): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if ((await readSshdPid(paths)) !== null && (await answersWithSshBanner(input.host.address, input.port))) return;
    const log = await readFile(paths.logFile, 'utf8').catch(() => '');
    // sshd may fail after it daemonized (a port in use is found only then): its log says why.
    if (/fatal|Cannot bind|Address already in use/i.test(log)) throw hostError(input, lastLine(log));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const log = await readFile(paths.logFile, 'utf8').catch(() => '');
  throw hostError(input, `sshd did not answer within 10 s${log ? `; its log ends: ${lastLine(log)}` : ''}`);
}

function hostError(input: HostStartInput, reason: string): LabError {
  const where = `${input.host.address}:${input.port}`;
  const hint = /Address already in use|Cannot bind/i.test(reason)
    ? `something else listens on ${where} (the machine's own sshd on 0.0.0.0:${input.port}?): give it a ListenAddress, or use another --port or --block`
    : `see ${hostPaths(input.labDir, input.host.name).logFile}`;
  return new LabError(LabErrorCode.host, `lab host ${input.host.name} (${where}) did not start: ${reason}`, hint);
}

/** True when address:port accepts a TCP connection and sends an SSH identification line. */
export function answersWithSshBanner(address: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const finish = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('data', (data: Buffer) => finish(data.toString('latin1').startsWith('SSH-')));
  });
}
