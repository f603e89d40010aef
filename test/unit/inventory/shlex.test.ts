import { describe, expect, it } from 'vitest';
import { shlexSplit } from '../../../engine/inventory/shlex.js';

// Expected words are what Python's shlex.split(line, comments=True) gives.
describe('shlexSplit splits INI host lines as Python shlex does', () => {
  it.each([
    ['web1', ['web1']],
    ['web1 a=1 b=2', ['web1', 'a=1', 'b=2']],
    ['web1\ta=1', ['web1', 'a=1']],
    ['web1 motd="hello world"', ['web1', 'motd=hello world']],
    ["web1 motd='it is'", ['web1', 'motd=it is']],
    ['web1 a="x # y"', ['web1', 'a=x # y']],
    ['web1 a=1 # comment', ['web1', 'a=1']],
    ['web1 a=1#comment', ['web1', 'a=1']],
    ['web1 a=""', ['web1', 'a=']],
    ['web1 a=\\"x\\"', ['web1', 'a="x"']],
    ['web1 a="say \\"hi\\""', ['web1', 'a=say "hi"']],
    ['web1 a="back\\slash"', ['web1', 'a=back\\slash']],
    ["web1 a='no \\escape'", ['web1', 'a=no \\escape']],
    ['web1 a="\'inner\'"', ['web1', "a='inner'"]],
    ['web1 a=x"y z"', ['web1', 'a=xy z']],
    ['# only a comment', []],
    ["''", ['']],
  ] as const)('%s', (line, words) => {
    expect(shlexSplit(line)).toEqual({ ok: true, words });
  });

  it.each([
    ['web1 a="open', 'No closing quotation'],
    ["web1 a='open", 'No closing quotation'],
    ['web1 a=\\', 'No escaped character'],
  ])('%s fails: %s', (line, reason) => {
    expect(shlexSplit(line)).toEqual({ ok: false, reason });
  });
});
