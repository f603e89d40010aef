import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { putScript, tempPathBeside } from '../../../engine/connect/put-script.js';

describe('tempPathBeside', () => {
  it.each([
    ['/etc/etcd/etcd.conf.yml', 'ab', '/etc/etcd/.etcd.conf.yml.quorum-ab'],
    ['rel/x', 'z', 'rel/.x.quorum-z'],
  ])('%s -> %s', (path, token, temp) => {
    expect(tempPathBeside(path, token)).toBe(temp);
  });
});

// The script is run by the local /bin/sh on a temp dir: the table gives the file's state before and the
// options, and the mode it must end with.
describe('putScript run by /bin/sh', () => {
  it.each<{ title: string; existingMode?: number; mode?: number; expectedMode: number }>([
    { title: 'new file, no mode: 0644', expectedMode: 0o644 },
    { title: 'new file, mode 0600', mode: 0o600, expectedMode: 0o600 },
    { title: 'existing 0600 file, no mode: kept', existingMode: 0o600, expectedMode: 0o600 },
    { title: 'existing 0600 file, mode 0640', existingMode: 0o600, mode: 0o640, expectedMode: 0o640 },
  ])('$title', ({ existingMode, mode, expectedMode }) => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-put-'));
    const path = join(dir, "sub dir/it's.conf");
    if (existingMode !== undefined) {
      execFileSync('mkdir', ['-p', join(dir, 'sub dir')]);
      writeFileSync(path, 'old');
      chmodSync(path, existingMode);
    }
    execFileSync('/bin/sh', ['-c', putScript(path, 't1', mode === undefined ? {} : { mode })], { input: 'new\u0000bytes' });
    expect(readFileSync(path, 'latin1')).toBe('new\u0000bytes');
    expect(statSync(path).mode & 0o7777).toBe(expectedMode);
    expect(readdirSync(join(dir, 'sub dir'))).toEqual(["it's.conf"]);
  });

  it.each([[{ owner: 'no-such-user-quorum' }]])('a failing chown leaves no temp file and no target: %j', (options) => {
    const dir = mkdtempSync(join(tmpdir(), 'quorum-put-'));
    const path = join(dir, 'f');
    expect(() => execFileSync('/bin/sh', ['-c', putScript(path, 't2', options)], { input: 'x', stdio: ['pipe', 'pipe', 'pipe'] })).toThrow(/invalid user/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
