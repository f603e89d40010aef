import type { Readable, Writable } from 'node:stream';
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

// Where the become (sudo) password comes from: `--ask-become-pass` prompts for it, as ansible-playbook's -K
// does, or the QUORUM_BECOME_PASSWORD environment variable holds it (for CI). It is never read from the
// inventory's plain text by this helper; ansible_become_password in vars stays the executor's business.

export const becomePasswordVariable = 'QUORUM_BECOME_PASSWORD';
export const becomePasswordPrompt = 'BECOME password: ';

/** The terminal, or what stands in for it: a TTY is put in raw mode so that the password is not echoed. */
export interface PromptInput extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface BecomePasswordSources {
  ask: boolean;
  env: Readonly<Partial<Record<string, string>>>;
  input: PromptInput;
  output: Writable;
}

/** Reads one line; on a TTY without echo, with backspace, and Ctrl-C/Ctrl-D ending the run as interrupted. */
export function promptHidden(input: PromptInput, output: Writable, prompt: string): Promise<string> {
  output.write(prompt);
  const raw = Boolean(input.isTTY && input.setRawMode);
  if (raw) input.setRawMode?.(true);
  return new Promise<string>((resolve, reject) => {
    let typed = '';
    const finish = (error?: Error): void => {
      input.off('data', onData);
      input.off('end', onEnd);
      if (raw) input.setRawMode?.(false);
      input.pause();
      output.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onEnd = (): void => finish(typed === '' ? new QuorumError('QUORUM_INTERRUPTED', 'no become password was entered', ExitCode.interrupted) : undefined);
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003' || ch === '\u0004') return finish(new QuorumError('QUORUM_INTERRUPTED', 'interrupted at the become password prompt', ExitCode.interrupted));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else typed += ch;
      }
    };
    input.on('data', onData);
    input.on('end', onEnd);
    input.resume();
  });
}

export async function resolveBecomePassword(sources: BecomePasswordSources): Promise<string | undefined> {
  if (sources.ask) return promptHidden(sources.input, sources.output, becomePasswordPrompt);
  const fromEnv = sources.env[becomePasswordVariable];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}
