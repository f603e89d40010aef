import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../engine/connect/shell-words.js';

describe('splitShellWords', () => {
  it.each([
    ['', []],
    ['-o ProxyJump=a@b', ['-o', 'ProxyJump=a@b']],
    ['  -o   A=1  ', ['-o', 'A=1']],
    [`-o ProxyCommand="ssh -W %h:%p -q admin@bastion"`, ['-o', 'ProxyCommand=ssh -W %h:%p -q admin@bastion']],
    [`-o 'UserKnownHostsFile=/a b'`, ['-o', 'UserKnownHostsFile=/a b']],
    [`a\\ b c`, ['a b', 'c']],
    [`"a \\"q\\" \\\\ \\x"`, ['a "q" \\ \\x']],
    [`''`, ['']],
    [`x'y'"z"`, ['xyz']],
  ])('%j -> %j', (line, words) => {
    expect(splitShellWords(line)).toEqual({ ok: true, words });
  });

  it.each([
    [`-o 'A=1`, 'a single quote is never closed'],
    [`-o "A=1`, 'a double quote is never closed'],
    ['abc\\', 'a backslash ends the line'],
  ])('%j fails: %s', (line, error) => {
    expect(splitShellWords(line)).toEqual({ ok: false, error });
  });
});
