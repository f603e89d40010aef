import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalConnection } from '../../engine/connect/local.js';
import type { Become, ExecOptions } from '../../engine/connect/types.js';

// The local connection (localhost, ansible_connection: local) runs real processes on this machine.

describe('LocalConnection', () => {
  const local = new LocalConnection();
  const dir = mkdtempSync(join(tmpdir(), 'quorum-local-'));
  const binary = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i * 13) % 256));

  it.each<{ command: string; options?: ExecOptions; rc: number; stdout: string; stderr: string }>([
    { command: 'echo out; echo err >&2; exit 4', rc: 4, stdout: 'out\n', stderr: 'err\n' },
    { command: 'tr a-z A-Z', options: { stdin: 'abc' }, rc: 0, stdout: 'ABC', stderr: '' },
    { command: 'echo "$Q"', options: { env: { Q: 'v w' } }, rc: 0, stdout: 'v w\n', stderr: '' },
    { command: 'pwd', options: { cwd: '/usr' }, rc: 0, stdout: '/usr\n', stderr: '' },
    // A command that never reads its stdin must not make the write to it fail the run.
    { command: 'true', options: { stdin: Buffer.alloc(1_000_000) }, rc: 0, stdout: '', stderr: '' },
    { command: 'id -un', options: { become: { user: 'nobody' } }, rc: 0, stdout: 'nobody\n', stderr: '' },
  ])('exec $command', async ({ command, options, rc, stdout, stderr }) => {
    expect(await local.exec(command, options)).toEqual({ rc, stdout, stderr });
  });

  it.each<[string, Become | undefined]>([
    ['without become', undefined],
    ['with become', {}],
  ])('put and get keep binary content %s', async (_title, become) => {
    const path = join(dir, `${become ? 'root' : 'plain'}/file.bin`);
    await local.put(path, binary, { mode: 0o600, ...(become ? { become } : {}) });
    expect((await local.get(path, become ? { become } : {})).equals(binary)).toBe(true);
  });
});
