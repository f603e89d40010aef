import { connect as tcpConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type AnyAuthMethod, type ConnectConfig } from 'ssh2';
import { classifyConnectError, retryDelayMs, type ConnectErrorLike } from './connect-errors.js';
import { decideHostKey, knownKeyTypes } from './host-key-check.js';
import { preferredHostKeyAlgorithms } from './host-key-algorithms.js';
import { IdentityError, loadIdentities, offeredNames, type Identities } from './identities.js';
import type { SshHop, SshTarget } from './ssh-options.js';
import { UnreachableError } from './types.js';

// Opens the ssh2 client of a target, through its jump hosts: the first hop over a TCP socket with TCP_NODELAY
// (ssh2 over a plain socket waits on delayed ACKs, costing ~40 ms per exec), each further hop over a
// direct-tcpip channel of the one before. Failures become UnreachableError with the reason; refused and
// timed-out attempts are retried with backoff.

export interface SessionEnvironment {
  homeDir: string;
  agentSocket?: string;
  /** Told about host keys accepted under accept-new. */
  onNote?: (message: string) => void;
}

export interface OpenSession {
  /** The client of the target itself. */
  client: Client;
  /** Every client opened, jump hosts first; closing the last and then the others ends the chain. */
  chain: Client[];
}

class HopFailure extends Error {
  constructor(
    readonly reason: string,
    readonly retryable: boolean,
  ) {
    super(reason);
  }
}

function endpointOf(hop: SshHop): string {
  return `${hop.user}@${hop.host}:${hop.port}`;
}

function openTcp(hop: SshHop, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: hop.host, port: hop.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error('connect timeout'), { code: 'QUORUM_CONNECT_TIMEOUT' }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // ssh2 adds its own listener when handed the socket; until then an error must not crash the process.
      socket.on('error', () => undefined);
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function forwardThrough(client: Client, hop: SshHop): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, hop.host, hop.port, (err, channel) => {
      if (err) reject(Object.assign(new Error(`the jump host cannot open a connection to ${hop.host}:${hop.port}: ${err.message}`), { code: 'QUORUM_JUMP_FORWARD' }));
      else resolve(channel);
    });
  });
}

function authMethods(hop: SshHop, identities: Identities): AnyAuthMethod[] {
  const methods: AnyAuthMethod[] = identities.keys.map((identity) => ({ type: 'publickey', username: hop.user, key: identity.key }));
  if (identities.agentSocket) methods.push({ type: 'agent', username: hop.user, agent: identities.agentSocket });
  return methods;
}

/** What a hop's login needs, read before its socket opens, so that a bad key file never leaves a socket behind. */
interface HopLogin {
  identities: Identities;
  serverHostKey: string[];
}

async function prepareLogin(hop: SshHop, environment: SessionEnvironment): Promise<HopLogin> {
  let identities: Identities;
  try {
    identities = await loadIdentities(hop.identityFiles, environment.homeDir, environment.agentSocket);
  } catch (err) {
    if (err instanceof IdentityError) throw new HopFailure(err.reason, false);
    throw err;
  }
  if (identities.keys.length === 0 && !identities.agentSocket)
    throw new HopFailure(`no private key to log in to ${endpointOf(hop)} with: set ansible_ssh_private_key_file, or start ssh-agent (SSH_AUTH_SOCK)`, false);
  return { identities, serverHostKey: preferredHostKeyAlgorithms(await knownKeyTypes(hop)) };
}

function handshake(hop: SshHop, login: HopLogin, sock: Duplex, target: SshTarget, environment: SessionEnvironment): Promise<Client> {
  const { identities, serverHostKey } = login;
  const client = new Client();
  let hostKeyRefusal: string | undefined;
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const fail = (err: ConnectErrorLike): void => {
      if (settled) return;
      settled = true;
      client.end();
      if (hostKeyRefusal) return reject(new HopFailure(hostKeyRefusal, false));
      const failure = classifyConnectError(err, { endpoint: endpointOf(hop), connectTimeoutMs: target.connectTimeoutMs, offered: offeredNames(identities) });
      reject(new HopFailure(failure.reason, failure.retryable));
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    client.on('error', fail);
    client.once('close', () => fail({ message: 'the server closed the connection before the login completed', code: 'ECONNRESET' }));
    client.connect({
      sock: sock as ConnectConfig['sock'],
      username: hop.user,
      algorithms: { serverHostKey: serverHostKey as NonNullable<ConnectConfig['algorithms']>['serverHostKey'] },
      readyTimeout: target.connectTimeoutMs,
      keepaliveInterval: target.keepaliveIntervalMs,
      keepaliveCountMax: target.keepaliveCountMax,
      authHandler: authMethods(hop, identities) as ConnectConfig['authHandler'],
      hostVerifier: (key: Buffer, verify: (valid: boolean) => void) => {
        decideHostKey(hop, key).then(
          (decision) => {
            if (decision.trusted) {
              if (decision.note) environment.onNote?.(`${target.name}: ${decision.note}`);
            } else hostKeyRefusal = decision.reason;
            verify(decision.trusted);
          },
          (err: Error) => {
            hostKeyRefusal = `cannot check the host key of ${endpointOf(hop)}: ${err.message}`;
            verify(false);
          },
        );
      },
    });
  });
}

async function openChain(target: SshTarget, environment: SessionEnvironment): Promise<OpenSession> {
  const hops = [...target.jumps, target];
  const chain: Client[] = [];
  try {
    for (const [index, hop] of hops.entries()) {
      const previous = chain[index - 1];
      const login = await prepareLogin(hop, environment);
      let sock: Duplex;
      try {
        sock = previous ? await forwardThrough(previous, hop) : await openTcp(hop, target.connectTimeoutMs);
      } catch (err) {
        const failure = classifyConnectError(err as ConnectErrorLike, { endpoint: endpointOf(hop), connectTimeoutMs: target.connectTimeoutMs, offered: [] });
        throw new HopFailure((err as ConnectErrorLike).code === 'QUORUM_JUMP_FORWARD' ? (err as Error).message : failure.reason, failure.retryable || (err as ConnectErrorLike).code === 'QUORUM_JUMP_FORWARD');
      }
      chain.push(await handshake(hop, login, sock, target, environment));
    }
  } catch (err) {
    for (const client of chain.reverse()) client.end();
    if (err instanceof HopFailure) {
      const hopIndex = chain.length;
      const via = hopIndex < target.jumps.length ? `jump host ${endpointOf(hops[hopIndex] as SshHop)}: ` : '';
      throw new HopFailure(`${via}${err.reason}`, err.retryable);
    }
    throw err;
  }
  return { client: chain[chain.length - 1] as Client, chain };
}

/** Opens the session, retrying refused and timed-out attempts `target.retries` times with backoff. */
export async function openSshSession(target: SshTarget, environment: SessionEnvironment): Promise<OpenSession> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openChain(target, environment);
    } catch (err) {
      if (!(err instanceof HopFailure)) throw err;
      if (!err.retryable || attempt >= target.retries) {
        const tries = attempt > 0 ? ` (after ${attempt + 1} attempts)` : '';
        throw new UnreachableError(target.name, `${err.reason}${tries}`);
      }
      await sleep(retryDelayMs(attempt));
    }
  }
}
