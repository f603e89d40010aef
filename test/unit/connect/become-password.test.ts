import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { resolveBecomePassword } from '../../../engine/connect/become-password.js';

function sources(ask: boolean, env: Record<string, string>, typed?: string[], tty = false) {
  const input = Object.assign(new PassThrough(), tty ? { isTTY: true, setRawMode: (mode: boolean) => rawModes.push(mode) } : {});
  const rawModes: boolean[] = [];
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  if (typed) setImmediate(() => typed.forEach((chunk) => input.write(chunk)));
  return { sources: { ask, env, input, output }, shown: () => shown, rawModes };
}

describe('resolveBecomePassword', () => {
  it.each<{ title: string; ask: boolean; env: Record<string, string>; typed?: string[]; tty?: boolean; password: string | undefined; shown: string; rawModes?: boolean[] }>([
    { title: 'nothing asked, nothing set', ask: false, env: {}, password: undefined, shown: '' },
    { title: 'from QUORUM_BECOME_PASSWORD', ask: false, env: { QUORUM_BECOME_PASSWORD: 's3cret' }, password: 's3cret', shown: '' },
    { title: 'an empty variable is no password', ask: false, env: { QUORUM_BECOME_PASSWORD: '' }, password: undefined, shown: '' },
    { title: 'asked: the typed line wins over the variable', ask: true, env: { QUORUM_BECOME_PASSWORD: 'env' }, typed: ['typed\n'], password: 'typed', shown: 'BECOME password: \n' },
    { title: 'asked on a TTY: raw mode, chunks, backspace, Enter', ask: true, env: {}, typed: ['ab', 'x\u007fc', '\r'], tty: true, password: 'abc', shown: 'BECOME password: \n', rawModes: [true, false] },
  ])('$title', async ({ ask, env, typed, tty, password, shown, rawModes }) => {
    const s = sources(ask, env, typed, tty);
    expect(await resolveBecomePassword(s.sources)).toBe(password);
    expect(s.shown()).toBe(shown);
    expect(s.rawModes).toEqual(rawModes ?? []);
  });

  it.each([
    [['\u0003'], 'interrupted at the become password prompt'],
    [['\u0004'], 'interrupted at the become password prompt'],
  ])('%j ends the run as interrupted (exit 99)', async (typed, message) => {
    const s = sources(true, {}, typed, true);
    await expect(resolveBecomePassword(s.sources)).rejects.toMatchObject({ code: 'QUORUM_INTERRUPTED', exitCode: 99, message });
  });
});
