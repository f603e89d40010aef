import { spawn } from 'node:child_process';
import { access, mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { LabError, LabErrorCode } from './errors.js';
import { ensureKeyPair } from './keys.js';
import { hostPaths, namespaceFingerprint, overlayLayers, type HostPaths } from './layout.js';
import { endProcessesInNamespacesMatching, processInNamespaceMatching } from './namespaces.js';
import { lastLine } from './run-command.js';
import type { PlannedHost } from './settings.js';
import { renderSshdConfig } from './sshd-config.js';
import { renderStartScript, unshareArgs } from './start-script.js';

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
  await Promise.all([paths.pidFile, paths.logFile, paths.startLogFile].map((f) => rm(f, { force: true })));
  // Checked first: an sshd of another lab on the same address would otherwise seem to be this host's.
  if (!(await becomesFree(input.host.address, input.port))) throw hostError(input, 'Address already in use');
  await launch(input, paths);
  return hostKey;
}

/**
 * Starts unshare detached (its own session, not waited for: the host outlives `quorum lab up`), waits until
 * the address answers with an SSH banner, and records sshd's pid (unshare's only child).
 */
async function launch(input: HostStartInput, paths: HostPaths): Promise<void> {
  const output = await open(paths.startLogFile, 'a');
  let ended: string | undefined;
  let unsharePid: number | undefined;
  try {
    const child = spawn(input.programs.unshare, unshareArgs(paths.startScript), {
      detached: true,
      stdio: ['ignore', output.fd, output.fd],
    });
    child.once('error', (err) => {
      ended = err.message;
    });
    child.once('exit', (code, signal) => {
      ended = signal ? `ended by ${signal}` : `exited ${code ?? ''}`;
    });
    child.unref();
    unsharePid = child.pid;
  } finally {
    // The child has its own copy of the descriptor.
    await output.close();
  }
  await waitUntilListening(input, paths, () => ended);
  const sshdPid = unsharePid === undefined ? undefined : await onlyChildOf(unsharePid);
  if (sshdPid === undefined) throw hostError(input, 'sshd answered, but is not the child of the unshare that started it');
  await writeFile(paths.pidFile, `${sshdPid}\n`, { mode: 0o644 });
}

async function onlyChildOf(pid: number): Promise<number | undefined> {
  const children = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  const first = Number.parseInt(children.trim().split(/\s+/)[0] ?? '', 10);
  return Number.isInteger(first) ? first : undefined;
}

async function startFailure(paths: HostPaths): Promise<string> {
  const [sshdLog, startLog] = await Promise.all([
    readFile(paths.logFile, 'utf8').catch(() => ''),
    readFile(paths.startLogFile, 'utf8').catch(() => ''),
  ]);
  return lastLine(sshdLog) || lastLine(startLog);
}

/** sshd says it listens, in its own log, once it has bound this host's address; then it must answer. */
async function waitUntilListening(input: HostStartInput, paths: HostPaths, ended: () => string | undefined): Promise<void> {
  const listening = `Server listening on ${input.host.address} port ${input.port}.`;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const log = await readFile(paths.logFile, 'utf8').catch(() => '');
    if (log.includes(listening) && (await answersWithSshBanner(input.host.address, input.port))) return;
    const why = ended();
    if (why !== undefined) throw hostError(input, (await startFailure(paths)) || `unshare ${why}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const log = await startFailure(paths);
  throw hostError(input, `sshd did not answer within 10 s${log ? `; its log ends: ${log}` : ''}`);
}

function hostError(input: HostStartInput, reason: string): LabError {
  const where = `${input.host.address}:${input.port}`;
  const hint = /Address already in use|Cannot bind/i.test(reason)
    ? `something else listens on ${where} (the machine's own sshd on 0.0.0.0:${input.port}?): give it a ListenAddress, or use another --port or --block`
    : `see ${hostPaths(input.labDir, input.host.name).startLogFile} and sshd.log beside it`;
  return new LabError(LabErrorCode.host, `lab host ${input.host.name} (${where}) did not start: ${reason}`, hint);
}

/**
 * True once nothing accepts connections on address:port, looking for up to 3 s: a process just ended by
 * `down` detaches from its namespace a moment before the kernel closes its listening socket.
 */
async function becomesFree(address: string, port: number): Promise<boolean> {
  const deadline = Date.now() + 3_000;
  for (;;) {
    if (!(await acceptsConnections(address, port))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** True when something accepts TCP connections on address:port. */
export function acceptsConnections(address: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    const finish = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => finish(true));
  });
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
