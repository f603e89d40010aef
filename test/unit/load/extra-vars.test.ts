import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../../engine/errors.js';
import { loadExtraVars, parseExtraVarsText } from '../../../engine/load/extra-vars.js';

describe('parseExtraVarsText: one -e value', () => {
  it.each([
    // key=value words: values stay strings, quotes removed (ansible-core's parse_kv gives the same).
    ['a=1 b="x y"', { vars: { a: '1', b: 'x y' } }],
    ['a=1 a=2', { vars: { a: '2' } }],
    ['msg="{{ x }} y"', { vars: { msg: '{{ x }} y' } }],
    // JSON/YAML text: typed values.
    ['{"a": [1, 2]}', { vars: { a: [1, 2] } }],
    ['{a: yes, b: 0644}', { vars: { a: true, b: 420 } }],
    // Mistakes: a file without @, a list, a word that is not key=value (Ansible would make it a variable).
    ['./x.yml', { usageError: "-e './x.yml' looks like a file name", hint: 'write -e @./x.yml to load a vars file' }],
    ['[1]', { usageError: "-e '[1]' is a list, not a mapping of variables" }],
    ['foo', { usageError: "-e 'foo': 'foo' is not key=value", hint: 'write -e name=value, -e \'{"name": ...}\' or -e @file.yml' }],
    ['a="x', { usageError: "-e 'a=\"x' has an unclosed quote" }],
  ])('%s', (option, expected) => {
    expect(parseExtraVarsText(option)).toEqual(expected);
  });

  it.each([['{a: [1'], ['{a: 1, a: 2}']])('%s is a parse error (exit 4)', (option) => {
    const outcome = parseExtraVarsText(option);
    expect('inputError' in outcome && outcome.inputError.exitCode).toBe(4);
  });
});

describe('loadExtraVars: several -e, files with @', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quorum-extra-vars-'));
    writeFileSync(join(dir, 'vars.yml'), 'a: 1\nnested: {x: 1}\n');
    writeFileSync(join(dir, 'list.yml'), '- 1\n- 2\n');
    writeFileSync(join(dir, 'broken.yml'), 'a: [1\n');
    writeFileSync(join(dir, 'vars.json'), '{"b": "two"}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['@vars.yml'], { a: 1, nested: { x: 1 } }],
    [['@vars.yml', 'a=override'], { a: 'override', nested: { x: 1 } }],
    [['@vars.yml', '{nested: {y: 2}}'], { a: 1, nested: { y: 2 } }],
    [['@vars.json', 'c=3', ''], { b: 'two', c: '3' }],
    [[], {}],
  ])('%j', async (options, expected) => {
    expect(await loadExtraVars(options, dir)).toEqual(expected);
  });

  it.each([
    [['@list.yml'], UsageError, 'list.yml:1:1: QUORUM_EXTRA_VARS: the extra vars file is a list, not a mapping of variables'],
    [['@missing.yml'], InputError, 'missing.yml: QUORUM_FILE_UNREADABLE: cannot read the file: no such file'],
    [['@broken.yml'], InputError, 'broken.yml:2:1: QUORUM_YAML_SYNTAX:'],
    [['nope'], UsageError, "-e 'nope': 'nope' is not key=value"],
  ])('%j fails clearly', async (options, errorClass, message) => {
    const failure = await loadExtraVars(options, dir).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(errorClass);
    expect((failure as Error).message).toContain(message);
  });
});
