import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { checkHostKey, fingerprint, hostsFieldMatches, keyTypeOf, knownHostName, knownHostsLine, parseKnownHosts, type KnownHostsEntry } from './known-hosts.js';
import type { SshHop } from './ssh-options.js';

// Decides whether a host key that a server shows is trusted, per the hop's policy, and says why when it is not,
// in words an SRE can act on (which file, which line, which command fixes it).

export type HostKeyDecision = { trusted: true; note?: string } | { trusted: false; reason: string };

async function readEntries(files: readonly string[]): Promise<KnownHostsEntry[]> {
  const entries: KnownHostsEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      // A missing known_hosts is an empty one, as for OpenSSH.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    entries.push(...parseKnownHosts(text, file).entries);
  }
  return entries;
}

/** Appends a line, adding the newline a hand-edited file may lack, and creating ~/.ssh with OpenSSH's modes. */
export async function appendKnownHost(file: string, line: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  let current = '';
  try {
    current = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${line}\n`, { mode: 0o600 });
}

function lookupName(hop: SshHop): string {
  return hop.hostKeyAlias ?? knownHostName(hop.host, hop.port);
}

/** The key types known_hosts records for this hop (plain entries only), to ask the server for those first. */
export async function knownKeyTypes(hop: SshHop): Promise<string[]> {
  if (hop.hostKeyChecking === 'off') return [];
  const name = lookupName(hop);
  const entries = await readEntries(hop.knownHostsFiles).catch(() => []);
  return entries.filter((e) => e.marker === undefined && hostsFieldMatches(e.hosts, name)).map((e) => keyTypeOf(e.key) ?? e.keyType);
}

export async function decideHostKey(hop: SshHop, key: Buffer): Promise<HostKeyDecision> {
  if (hop.hostKeyChecking === 'off') return { trusted: true };
  const name = lookupName(hop);
  const type = keyTypeOf(key) ?? 'unknown-type';
  const shown = `${type} key ${fingerprint(key)}`;
  const verdict = checkHostKey(await readEntries(hop.knownHostsFiles), name, key);
  switch (verdict.status) {
    case 'known':
      return { trusted: true };
    case 'revoked':
      return { trusted: false, reason: `host key REVOKED: ${name} showed the ${shown}, which ${verdict.entry.file}:${verdict.entry.line} marks @revoked; refusing to connect` };
    case 'changed':
      return {
        trusted: false,
        reason:
          `host key CHANGED: ${name} showed the ${shown}, but ${verdict.entry.file}:${verdict.entry.line} holds a different ${type} key for it. ` +
          `Either the host was reinstalled or someone is intercepting the connection; ` +
          `if the change is expected, remove the old key (ssh-keygen -R '${name}' -f ${verdict.entry.file}) and connect again`,
      };
    case 'unknown': {
      const where = hop.knownHostsFiles.length > 0 ? hop.knownHostsFiles.join(', ') : 'no known_hosts file (UserKnownHostsFile is /dev/null or none)';
      const others = verdict.otherTypes.map((e) => `${e.keyType} at ${e.file}:${e.line}`).join(', ');
      const first = hop.knownHostsFiles[0];
      if (hop.hostKeyChecking === 'accept-new' && first !== undefined) {
        await appendKnownHost(first, knownHostsLine(name, key));
        return { trusted: true, note: `added the ${shown} of ${name} to ${first}` };
      }
      if (hop.hostKeyChecking === 'accept-new') return { trusted: true, note: `accepted the ${shown} of ${name} without saving it: no known_hosts file is configured` };
      return {
        trusted: false,
        reason:
          `host key unknown: ${name} showed the ${shown}, which is not in ${where}${others ? ` (known there only with ${others})` : ''}. ` +
          `Check the fingerprint, then run with --accept-new-host-keys, or add it with: ssh-keyscan -p ${hop.port} ${hop.host} >> ${first ?? '~/.ssh/known_hosts'}`,
      };
    }
  }
}
