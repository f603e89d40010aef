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
    // sudo resets the environment: env and cwd must be applied under it to reach the command.
    { command: 'echo "$Q"; pwd', options: { become: { user: 'nobody' }, env: { Q: 'kept' }, cwd: '/' }, rc: 0, stdout: 'kept\n/\n', stderr: '' },
    // sudo asks root for no password: the one given must not end up in the command's stdin.
    { command: 'cat', options: { become: { password: 'secret' }, stdin: 'content' }, rc: 0, stdout: 'content', stderr: '' },
  ])('exec $command', async ({ command, options, rc, stdout, stderr }) => {
    expect(await local.exec(command, options)).toEqual({ rc, stdout, stderr });
  });

  it.each<[string, Become | undefined]>([
    ['as this user', undefined],
    ['through sudo', {}],
  ])('a timeout stops the command and what it started (%s)', async (_title, become) => {
    const marker = become ? '41.4142' : '41.7320';
    const result = await local.exec(`sh -c 'sleep ${marker}' & sleep ${marker}`, { timeoutMs: 500, ...(become ? { become } : {}) });
    expect(result.signal).toBe('TIMEOUT');
    const pattern = `sleep ${marker.replace('.', '[.]')}`;
    const left = await local.exec(`for i in $(seq 20); do pgrep -f '${pattern}' >/dev/null || { echo none; exit; }; sleep 0.1; done; pgrep -f '${pattern}'`);
    expect(left.stdout).toBe('none\n');
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
