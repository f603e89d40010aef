import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideHostKey, knownKeyTypes } from '../../../engine/connect/host-key-check.js';
import type { HostKeyChecking, SshHop } from '../../../engine/connect/ssh-options.js';

// Real ssh-keygen keys (see known-hosts.test.ts). Each row writes a known_hosts file, shows a key, and
// checks the decision and the file afterwards.
const ed1 = 'AAAAC3NzaC1lZDI1NTE5AAAAIODrHat6c5g9m2rSNWoMqibEfMMa9moQYngtk0k9rtn7';
const ed2 = 'AAAAC3NzaC1lZDI1NTE5AAAAILLY4CFgzCGq4NhUPI5uIkUVBW+FEUodqBNzxQTJ0r5g';
const ec3 =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBI5gcp6xU+uJIWo/AbQyRafo8jWc7iZfWqarL4GQZUYZrc5c8Q58Y7wpAAztMYIGYe6xLfXni3l1qORx/tjkV2Y=';
const fp1 = 'SHA256:MOjM96foYWoVflktXxReFt8iDKwNm6S8Gn+jkgmT4Ho';

interface Row {
  title: string;
  file?: string;
  checking: HostKeyChecking;
  port?: number;
  alias?: string;
  shown: string;
  trusted: boolean;
  /** The reason or note, with FILE standing for the known_hosts path. */
  says?: string;
  after?: string;
}

describe('decideHostKey', () => {
  it.each<Row>([
    { title: 'known', file: `db1 ssh-ed25519 ${ed1}\n`, checking: 'strict', shown: ed1, trusted: true },
    { title: 'known under [host]:port', file: `[db1]:2222 ssh-ed25519 ${ed1}\n`, checking: 'strict', port: 2222, shown: ed1, trusted: true },
    { title: 'known under HostKeyAlias', file: `etcd-a ssh-ed25519 ${ed1}\n`, checking: 'strict', alias: 'etcd-a', shown: ed1, trusted: true },
    { title: 'off: anything goes', checking: 'off', shown: ed2, trusted: true },
    {
      title: 'changed, strict',
      file: `# x\ndb1 ssh-ed25519 ${ed2}\n`,
      checking: 'strict',
      shown: ed1,
      trusted: false,
      says: `host key CHANGED: db1 showed the ssh-ed25519 key ${fp1}, but FILE:2 holds a different ssh-ed25519 key for it. Either the host was reinstalled or someone is intercepting the connection; if the change is expected, remove the old key (ssh-keygen -R 'db1' -f FILE) and connect again`,
    },
    { title: 'changed is refused under accept-new too', file: `db1 ssh-ed25519 ${ed2}\n`, checking: 'accept-new', shown: ed1, trusted: false, after: `db1 ssh-ed25519 ${ed2}\n` },
    {
      title: 'revoked',
      file: `@revoked * ssh-ed25519 ${ed1}\ndb1 ssh-ed25519 ${ed1}\n`,
      checking: 'accept-new',
      shown: ed1,
      trusted: false,
      says: `host key REVOKED: db1 showed the ssh-ed25519 key ${fp1}, which FILE:1 marks @revoked; refusing to connect`,
    },
    {
      title: 'unknown, strict, known only with another type',
      file: `db1 ecdsa-sha2-nistp256 ${ec3}\n`,
      checking: 'strict',
      shown: ed1,
      trusted: false,
      says: `host key unknown: db1 showed the ssh-ed25519 key ${fp1}, which is not in FILE (known there only with ecdsa-sha2-nistp256 at FILE:1). Check the fingerprint, then run with --accept-new-host-keys, or add it with: ssh-keyscan -p 22 db1 >> FILE`,
    },
    {
      title: 'unknown, accept-new: appended, and a missing final newline is added first',
      file: `other ssh-ed25519 ${ed2}`,
      checking: 'accept-new',
      shown: ed1,
      trusted: true,
      says: `added the ssh-ed25519 key ${fp1} of db1 to FILE`,
      after: `other ssh-ed25519 ${ed2}\ndb1 ssh-ed25519 ${ed1}\n`,
    },
    {
      title: 'unknown, accept-new, no file yet: created',
      checking: 'accept-new',
      port: 2200,
      shown: ed1,
      trusted: true,
      says: `added the ssh-ed25519 key ${fp1} of [db1]:2200 to FILE`,
      after: `[db1]:2200 ssh-ed25519 ${ed1}\n`,
    },
  ])('$title', async ({ file, checking, port, alias, shown, trusted, says, after }) => {
    const path = join(mkdtempSync(join(tmpdir(), 'quorum-kh-')), '.ssh/known_hosts');
    if (file !== undefined) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file);
    }
    const hop: SshHop = { host: 'db1', port: port ?? 22, user: 'u', identityFiles: [], knownHostsFiles: [path], hostKeyChecking: checking, ...(alias ? { hostKeyAlias: alias } : {}) };
    const decision = await decideHostKey(hop, Buffer.from(shown, 'base64'));
    expect(decision.trusted).toBe(trusted);
    const text = decision.trusted ? decision.note : decision.reason;
    if (says !== undefined) expect(text).toBe(says.replaceAll('FILE', path));
    if (after !== undefined) expect(readFileSync(path, 'utf8')).toBe(after);
  });
});

describe('knownKeyTypes', () => {
  it.each<[string, HostKeyChecking, string[]]>([
    [`db1 ecdsa-sha2-nistp256 ${ec3}\n@revoked db1 ssh-ed25519 ${ed2}\nother ssh-ed25519 ${ed1}\n`, 'strict', ['ecdsa-sha2-nistp256']],
    [`db1,db2 ssh-ed25519 ${ed1}\ndb1 ecdsa-sha2-nistp256 ${ec3}\n`, 'accept-new', ['ssh-ed25519', 'ecdsa-sha2-nistp256']],
    [`db1 ssh-ed25519 ${ed1}\n`, 'off', []],
  ])('%s (%s) -> %j', async (file, checking, types) => {
    const path = join(mkdtempSync(join(tmpdir(), 'quorum-kh-')), 'known_hosts');
    writeFileSync(path, file);
    expect(await knownKeyTypes({ host: 'db1', port: 22, user: 'u', identityFiles: [], knownHostsFiles: [path], hostKeyChecking: checking })).toEqual(types);
  });
});
