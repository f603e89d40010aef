import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeRequest, readyLine, rootShellScript, RootShellReader, type RootShellReply } from '../../../engine/connect/root-shell-protocol.js';

const reply = (rc: number, stdout: string, stderr = ''): RootShellReply => ({ rc, stdout: Buffer.from(stdout, 'latin1'), stderr: Buffer.from(stderr, 'latin1') });

describe('encodeRequest', () => {
  // The header counts bytes (UTF-8 for text); the script gets a '.' that the shell strips (it keeps newlines).
  it.each<[string, string, Buffer | string, Buffer]>([
    ['no stdin', 'true', '', Buffer.from('5 0\ntrue.')],
    ['stdin as text', 'cat', 'h\u00e9\n', Buffer.from('4 4\ncat.h\u00e9\n')],
    ['stdin as bytes, multi-line script', 'a\nb\n', Buffer.from([0, 255]), Buffer.concat([Buffer.from('5 2\na\nb\n.'), Buffer.from([0, 255])])],
  ])('%s', (_title, line, stdin, expected) => {
    expect(encodeRequest(line, stdin)).toEqual(expected);
  });
});

describe('RootShellReader', () => {
  const ready = readyLine('n1');
  it.each<{ title: string; chunks: string[]; replies: RootShellReply[] }>([
    { title: 'nothing before the ready line', chunks: ['noise\n', '2 0 0\n'], replies: [] },
    { title: 'a reply in one chunk', chunks: [`${ready}\n0 4 3\nout\nerr`], replies: [reply(0, 'out\n', 'err')] },
    { title: 'noise before ready is dropped', chunks: [`motd\n${ready}\n1 0 1\nx`], replies: [reply(1, '', 'x')] },
    { title: 'ready line split over chunks', chunks: [ready.slice(0, 9), `${ready.slice(9)}\n0 1 0\nz`], replies: [reply(0, 'z')] },
    { title: 'header split, body split', chunks: [`${ready}\n12`, '7 5 0\nab', 'c\n', '\n'], replies: [reply(127, 'abc\n\n')] },
    { title: 'two replies in one chunk', chunks: [`${ready}\n0 1 0\na3 0 1\nb`], replies: [reply(0, 'a'), reply(3, '', 'b')] },
    { title: 'output that looks like a header', chunks: [`${ready}\n0 6 0\n0 1 0\n`], replies: [reply(0, '0 1 0\n')] },
    { title: 'binary output', chunks: [`${ready}\n0 3 0\n\u0000\u00ff\n`], replies: [reply(0, '\u0000\u00ff\n')] },
  ])('$title', ({ chunks, replies }) => {
    const reader = new RootShellReader(ready);
    const got = chunks.flatMap((chunk) => reader.push(Buffer.from(chunk, 'latin1')));
    expect(got).toEqual(replies);
  });

  it.each([['x 1 2'], ['0 1'], ['-1 0 0']])('a header that does not parse (%j) throws: the stream is out of step', (header) => {
    const reader = new RootShellReader(ready);
    expect(() => reader.push(Buffer.from(`${ready}\n${header}\n`))).toThrow(/reply header/);
  });
});

// The script itself, run by the local /bin/sh (as the connection runs it under sudo on a host): every command
// must give exactly what the same line gives when run as a separate `/bin/sh -c` with the same stdin.
describe('rootShellScript run by /bin/sh', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'quorum-root-shell-'));
  const nonce = 'feedc0de';
  const shell = spawn('/bin/sh', ['-c', rootShellScript(nonce)], { env: { PATH: process.env['PATH'], TMPDIR: tmp }, stdio: ['pipe', 'pipe', 'pipe'] });
  const reader = new RootShellReader(readyLine(nonce));
  const waiting: ((reply: RootShellReply) => void)[] = [];
  shell.stdout.on('data', (chunk: Buffer) => {
    for (const got of reader.push(chunk)) waiting.shift()?.(got);
  });
  const run = (line: string, stdin: Buffer | string = ''): Promise<RootShellReply> =>
    new Promise((resolve) => {
      waiting.push(resolve);
      shell.stdin.write(encodeRequest(line, stdin));
    });
  const separately = (line: string, stdin: Buffer | string): RootShellReply => {
    const result = spawnSync('/bin/sh', ['-c', line], { input: stdin, env: { PATH: process.env['PATH'] } });
    return { rc: result.status ?? 128 + 15, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    await run('true'); // the shell is up
  });
  afterAll(() => {
    shell.stdin.end();
  });

  it.each<{ title: string; line: string; stdin?: Buffer | string }>([
    { title: 'stdout, stderr and rc', line: 'echo out; echo err >&2; exit 3' },
    { title: 'trailing newlines of the script are kept (a here-document that ends the script)', line: 'cat <<EOF\none\n\nEOF\n\n\n' },
    { title: 'stdin reaches the command byte for byte', line: 'od -An -tx1', stdin: Buffer.from([0, 1, 255, 10, 13]) },
    { title: 'no stdin: end of input at once', line: 'cat; echo "rc=$?"' },
    { title: 'binary output', line: "printf '\\000\\377\\n'" },
    { title: 'nothing of the shell leaks: no variables, no arguments', line: 'echo "[$d][$k][$s][$n][$m][$rc][$i][$#][$*]"' },
    { title: '$0 is the shell, as in sh -c', line: 'echo "$0"' },
    // The separate process shows it as a signal, mapped here to sh's 128 + 15; nothing lands in its stderr.
    { title: 'a command killed by a signal: 128 + its number, and no "Terminated" in its stderr', line: 'kill -TERM $$; sleep 5' },
    { title: 'a script that reads only part of its stdin leaves the stream in step', line: 'head -c 3', stdin: 'abcdefgh'.repeat(10_000) },
    { title: 'a multi-line script with quotes', line: `x='it''s "q"'\nprintf '%s\\n' "$x" \\\n  second` },
  ])('$title', async ({ line, stdin }) => {
    const expected = separately(line, stdin ?? '');
    expect(await run(line, stdin ?? '')).toEqual(expected);
  });

  it('a process left behind neither holds the reply nor writes into a later one', async () => {
    const started = await run('sleep 1000 & echo $!; echo started');
    const [pid] = started.stdout.toString().split('\n');
    try {
      expect(started.stdout.toString()).toMatch(/^\d+\nstarted\n$/);
      expect(await run('echo next')).toEqual(reply(0, 'next\n'));
    } finally {
      execFileSync('kill', [String(pid)]);
    }
  });

  it('keeps at most 16 finished commands\u2019 files, and removes its directory when its input ends', async () => {
    for (let i = 0; i < 40; i++) await run(`echo ${i}`, 'in');
    const [dir] = readdirSync(tmp);
    expect(dir).toBeDefined();
    expect(readdirSync(join(tmp, dir as string)).length).toBeLessThanOrEqual(3 * 16);
    shell.stdin.end();
    await new Promise<void>((resolve) => shell.once('close', () => resolve()));
    expect(existsSync(join(tmp, dir as string))).toBe(false);
  });
});
