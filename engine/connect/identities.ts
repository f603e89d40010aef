import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';

// ssh2 is CommonJS: Node's ESM loader sees only some of its exports as named ones, `utils` not among them.
const { utils } = ssh2;

// The private keys a hop offers: the files the inventory names, or OpenSSH's default files when it names none;
// ssh-agent's keys come after them when SSH_AUTH_SOCK is set. A key that cannot be used is a clear error
// naming the file, never a silent skip: an SRE who set ansible_ssh_private_key_file expects that key to be used.

export interface Identity {
  file: string;
  key: ParsedKey;
}

export interface Identities {
  keys: Identity[];
  agentSocket?: string;
}

const defaultKeyFiles = ['.ssh/id_ed25519', '.ssh/id_ecdsa', '.ssh/id_rsa'];

export class IdentityError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'IdentityError';
  }
}

async function loadKey(file: string, required: boolean): Promise<Identity | undefined> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    if (!required && (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new IdentityError(`cannot read the private key ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (check ansible_ssh_private_key_file)`);
  }
  const parsed = utils.parseKey(data);
  if (parsed instanceof Error) {
    if (/encrypted/i.test(parsed.message))
      throw new IdentityError(`the private key ${file} is encrypted with a passphrase: load it into ssh-agent (ssh-add ${file}) and run again`);
    throw new IdentityError(`the private key ${file} cannot be read: ${parsed.message}`);
  }
  // A file may hold several keys; ssh2 gives an array then. Private keys hold one.
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key) throw new IdentityError(`the private key ${file} holds no key`);
  return { file, key };
}

export async function loadIdentities(files: readonly string[], homeDir: string, agentSocket: string | undefined): Promise<Identities> {
  const keys: Identity[] = [];
  if (files.length > 0) {
    for (const file of files) keys.push((await loadKey(file, true)) as Identity);
  } else {
    for (const file of defaultKeyFiles) {
      const identity = await loadKey(join(homeDir, file), false).catch(() => undefined);
      if (identity) keys.push(identity);
    }
  }
  return { keys, ...(agentSocket ? { agentSocket } : {}) };
}

/** The names of what is offered, for an authentication failure message. */
export function offeredNames(identities: Identities): string[] {
  return [...identities.keys.map((k) => k.file), ...(identities.agentSocket ? ['ssh-agent'] : [])];
}
