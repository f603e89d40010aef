import { spawn } from 'node:child_process';

export interface CommandResult {
  rc: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program without a shell (arguments are never re-parsed) and collects its output. A program that
 * cannot be started at all gives rc 127, as a shell would, so callers handle one failure shape.
 */
export function runCommand(file: string, args: readonly string[], input?: string): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(file, [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => resolve({ rc: 127, stdout: '', stderr: `${file}: ${e.message}` }));
    child.on('close', (code, signal) =>
      resolve({
        rc: code ?? 128,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8') + (signal ? `${file}: ended by ${signal}` : ''),
      }),
    );
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** The last non-empty line of a command's output: what a one-line error message should quote. */
export function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return lines[lines.length - 1] ?? '';
}
