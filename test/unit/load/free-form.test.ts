import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFreeForm, splitArgs } from '../../../engine/load/free-form.js';

// Expected values are what ansible-core 2.14's parse_kv returns for the same text (checked on this machine).
describe('parseFreeForm, as a command line (command, shell, raw)', () => {
  it.each([
    ['echo one\necho two\n', { _raw_params: 'echo one\necho two\n' }],
    ['echo hi creates=/tmp/x', { creates: '/tmp/x', _raw_params: 'echo hi' }],
    ['echo {{ a }}  b', { _raw_params: 'echo {{ a }}  b' }],
    ["echo 'a  b' c=d", { _raw_params: "echo 'a  b' c=d" }],
    ['a\\=b', { _raw_params: 'a=b' }],
    ['chdir=/tmp ls -l', { chdir: '/tmp', _raw_params: 'ls -l' }],
    ['echo   x', { _raw_params: 'echo   x' }],
    ['echo hi ', { _raw_params: 'echo hi ' }],
    [' echo hi', { _raw_params: 'echo hi' }],
    ['echo a  creates=/x  b', { creates: '/x', _raw_params: 'echo a  b' }],
    ['echo a\n\nb', { _raw_params: 'echo a\n\nb' }],
    ['creates=/x\necho a', { creates: '/x', _raw_params: 'echo a' }],
    ['echo a \nb', { _raw_params: 'echo a \nb' }],
    ['echo a\n  b', { _raw_params: 'echo a\n  b' }],
    ['echo a  \n  b', { _raw_params: 'echo a  \n  b' }],
    ['echo a\tb', { _raw_params: 'echo a\tb' }],
    ['echo a creates=/x\nb', { creates: '/x', _raw_params: 'echo a b' }],
    ['echo a\n creates=/x\nb', { creates: '/x', _raw_params: 'echo a\nb' }],
    ['echo "{{ x | default(\'a b\') }}" removes=/y', { removes: '/y', _raw_params: 'echo "{{ x | default(\'a b\') }}"' }],
  ])('%j', (text, expected) => {
    expect(parseFreeForm(text, true)).toEqual({ args: expected });
  });
});

describe('parseFreeForm, as key=value arguments (every other module)', () => {
  it.each([
    ['src=a dest=b', { src: 'a', dest: 'b' }],
    ['msg="hello world" verbosity=1', { msg: 'hello world', verbosity: '1' }],
    ['msg="{{ x }} y"', { msg: '{{ x }} y' }],
    ['flush_handlers', { _raw_params: 'flush_handlers' }],
    ["x='a=b'", { x: 'a=b' }],
    ['content="a b" dest=/x', { content: 'a b', dest: '/x' }],
    ['msg={{ a | join(" ") }}', { msg: '{{ a | join(" ") }}' }],
  ])('%j', (text, expected) => {
    expect(parseFreeForm(text, false)).toEqual({ args: expected });
  });
});

describe('parseFreeForm, unclosed quotes and templates', () => {
  it.each([
    ['echo "a b', true, 'quote'],
    ["msg='x", false, 'quote'],
    ['msg={{ x', false, 'template'],
  ] as const)('%j', (text, raw, unclosed) => {
    expect(parseFreeForm(text, raw).unclosed).toBe(unclosed);
  });
});

describe('splitArgs', () => {
  it.each([
    ['a b', ['a', 'b']],
    ['a "b c" d', ['a', '"b c"', 'd']],
    ['{{ a b }} c', ['{{ a b }}', 'c']],
    ['{% if x %}y{% endif %} z', ['{% if x %}y{% endif %}', 'z']],
    ['k="{{ \'q\' }}"', ['k="{{ \'q\' }}"']],
    ['', []],
  ])('%j', (text, words) => {
    expect(splitArgs(text).words.map((w) => w.text)).toEqual(words);
  });
});

describe('parseFreeForm properties', () => {
  // A command line with no inline option is kept exactly as written (bar leading blanks), as Ansible keeps it.
  const word = fc.stringMatching(/^[a-z0-9|>$*.\/-]{1,6}$/);
  const blank = fc.constantFrom(' ', '  ', '\n', ' \n', '\n  ', '\n\n');
  const commandLine = fc.tuple(word, fc.array(fc.tuple(blank, word), { maxLength: 8 }), fc.constantFrom('', ' ', '\n')).map(
    ([first, rest, end]) => first + rest.map(([b, w]) => b + w).join('') + end,
  );
  it('keeps a command line without options as written', () => {
    fc.assert(
      fc.property(commandLine, (line) => {
        expect(parseFreeForm(line, true)).toEqual({ args: { _raw_params: line } });
      }),
    );
  });

  // key=value words give back exactly their keys and values, whatever their order.
  const pair = fc.tuple(fc.stringMatching(/^[a-z_][a-z0-9_]{0,5}$/), fc.stringMatching(/^[a-z0-9/.]{0,6}$/));
  it('reads key=value words back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(pair, { selector: ([key]) => key, maxLength: 6 }), (pairs) => {
        const text = pairs.map(([key, value]) => `${key}=${value}`).join(' ');
        expect(parseFreeForm(text, false)).toEqual({ args: Object.fromEntries(pairs) });
      }),
    );
  });
});
