// The floor: the least a tool could do for the playbook, as a whole process. One persistent ssh2 connection per
// host (a socket with Nagle off, since ssh2 over a plain socket otherwise waits on delayed ACKs), the ten
// commands of floor-commands.ts one after another on each host, every host at once. Host keys are checked
// against the lab's known_hosts, as quorum does. Run by main.ts as `node dist/bench/engine/floor.js <json>`.
import { readFileSync } from 'node:fs';
import { connect as connectTcp } from 'node:net';
import { Client } from 'ssh2';
import { floorCommands, singleQuoted, type FloorHost } from './floor-commands.js';

export interface FloorTarget {
  readonly user: string;
  readonly privateKeyFile: string;
  readonly knownHostsFile: string;
  readonly port: number;
  readonly hosts: readonly FloorHost[];
}

function knownKeys(knownHostsFile: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of readFileSync(knownHostsFile, 'utf8').split('\n')) {
    const [names, , key] = line.trim().split(/\s+/);
    if (names && key) for (const name of names.split(',')) keys.set(name, key);
  }
  return keys;
}

function openClient(target: FloorTarget, host: FloorHost, privateKey: Buffer, expectedKey: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp({ host: host.address, port: target.port });
    socket.setNoDelay(true);
    const client = new Client();
    client.on('ready', () => resolve(client));
    client.on('error', reject);
    socket.on('connect', () =>
      client.connect({
        sock: socket,
        username: target.user,
        privateKey,
        hostVerifier: (key: Buffer) => key.toString('base64') === expectedKey,
      }),
    );
    socket.on('error', reject);
  });
}

function runAsRoot(client: Client, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.exec(`sudo -n sh -c ${singleQuoted(command)}`, (error, channel) => {
      if (error) {
        reject(error);
        return;
      }
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      channel.on('data', (chunk: Buffer) => out.push(chunk));
      channel.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      channel.on('close', (code: number | null) => {
        if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
        else reject(new Error(`rc=${String(code)} for ${command}: ${Buffer.concat(err).toString('utf8').trim()}`));
      });
    });
  });
}

async function runHost(target: FloorTarget, host: FloorHost, privateKey: Buffer, keys: Map<string, string>): Promise<void> {
  const knownName = target.port === 22 ? host.address : `[${host.address}]:${target.port}`;
  const expectedKey = keys.get(knownName);
  if (expectedKey === undefined) throw new Error(`${host.name}: no key for ${knownName} in ${target.knownHostsFile}`);
  const client = await openClient(target, host, privateKey, expectedKey);
  try {
    const playHosts = target.hosts.map((h) => h.name);
    for (const command of floorCommands(host, playHosts)) await runAsRoot(client, command);
  } finally {
    client.end();
  }
}

async function main(): Promise<void> {
  const target = JSON.parse(process.argv[2] ?? '') as FloorTarget;
  const privateKey = readFileSync(target.privateKeyFile);
  const keys = knownKeys(target.knownHostsFile);
  const results = await Promise.allSettled(target.hosts.map((host) => runHost(target, host, privateKey, keys)));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`${target.hosts[i]?.name ?? '?'}: ${String(r.reason)}`] : []));
  if (failures.length > 0) {
    process.stderr.write(`${failures.join('\n')}\n`);
    process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`floor: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
