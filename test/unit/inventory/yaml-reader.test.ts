import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../engine/diagnostics.js';
import { nodeToValue, parseYamlFile, resolvePlainScalar } from '../../../engine/inventory/yaml-reader.js';

// What PyYAML (YAML 1.1, as Ansible loads it) makes of plain scalars; checked with python3's yaml.safe_load.
describe('resolvePlainScalar follows PyYAML', () => {
  it.each([
    ['yes', true], ['Yes', true], ['on', true], ['ON', true], ['true', true], ['True', true],
    ['no', false], ['Off', false], ['FALSE', false],
    ['y', 'y'], ['n', 'n'], ['yEs', 'yEs'],
    ['~', null], ['null', null], ['Null', null], ['', null],
    ['010', 8], ['0o17', '0o17'], ['0x1F', 31], ['0b101', 5], ['1_000', 1000], ['-0', 0], ['+12', 12],
    ['1:20', 80], ['1:20.5', 80.5],
    ['1.5', 1.5], ['1.0', 1], ['1e3', '1e3'], ['1.5e3', '1.5e3'], ['1.5e+3', 1500], ['.5', 0.5],
    ['.inf', Infinity], ['-.inf', -Infinity],
    ['2001-12-14', '2001-12-14'], ['10.0.0.1', '10.0.0.1'], ['v3.5.9', 'v3.5.9'], ['3.5', 3.5],
  ] as const)('%s', (text, expected) => {
    expect(resolvePlainScalar(text)).toEqual(expected);
  });
});

describe('nodeToValue', () => {
  it.each([
    { name: 'quoted scalars stay text', text: 'a: "yes"\nb: \'010\'\n', value: { a: 'yes', b: '010' } },
    { name: 'explicit tags', text: 'a: !!str 10\nb: !!int "10"\nc: !unsafe "{{ x }}"\nd: !!float 1\n', value: { a: '10', b: 10, c: '{{ x }}', d: 1 } },
    { name: 'anchors and aliases', text: 'a: &x {k: 1}\nb: *x\n', value: { a: { k: 1 }, b: { k: 1 } } },
    { name: 'merge keys: own keys win', text: 'base: &b {k: 1, j: 1}\nc:\n  <<: *b\n  j: 2\n', value: { base: { k: 1, j: 1 }, c: { k: 1, j: 2 } } },
    { name: 'merge of several: the first wins', text: 'a: &a {k: a}\nb: &b {k: b, m: b}\nc:\n  <<: [*a, *b]\n', value: { a: { k: 'a' }, b: { k: 'b', m: 'b' }, c: { k: 'a', m: 'b' } } },
    { name: 'non-text keys become JSON keys', text: '1: one\ntrue: yes\n~: nothing\n', value: { '1': 'one', true: true, null: 'nothing' } },
    { name: 'a key named __proto__ stays a key', text: '__proto__: {polluted: 1}\n', value: JSON.parse('{"__proto__": {"polluted": 1}}') },
    { name: 'block text', text: 'a: |\n  line1\n  line2\n', value: { a: 'line1\nline2\n' } },
  ])('$name', ({ text, value }) => {
    const { yaml, diagnostics } = parseYamlFile('f.yml', text);
    expect(diagnostics).toEqual([]);
    const errors: Diagnostic[] = [];
    expect(nodeToValue(yaml, yaml.doc.contents, errors)).toEqual(value);
    expect(errors).toEqual([]);
  });
});

describe('parseYamlFile reports syntax problems with their position', () => {
  it.each([
    { text: 'a: 1\na: 2\n', code: 'QUORUM_INVENTORY_DUPLICATE_KEY', line: 2, col: 1, message: "duplicate key 'a'" },
    { text: 'all:\n  hosts:\n    "web1": {}\n    "web1": {}\n', code: 'QUORUM_INVENTORY_DUPLICATE_KEY', line: 4, col: 5, message: "duplicate key 'web1'" },
    { text: 'a:\n\tb: 1\n', code: 'QUORUM_INVENTORY_YAML_TAB', line: 2, col: 1, message: /Tabs are not allowed/ },
    { text: 'a: b: c\n', code: 'QUORUM_INVENTORY_YAML_SYNTAX', line: 1, col: 4, message: /YAML syntax error at 'a: b: c': Nested mappings/ },
    { text: 'a: [1, 2\nb: 3\n', code: 'QUORUM_INVENTORY_YAML_SYNTAX', line: 1, col: 4, message: "YAML syntax error at 'a: [1, 2': '[' is never closed" },
    { text: 'x: 1\na: "open\nb: 3\n', code: 'QUORUM_INVENTORY_YAML_SYNTAX', line: 2, col: 4, message: /the quote " is never closed/ },
    { text: 'a: 1\n---\nb: 2\n', code: 'QUORUM_INVENTORY_YAML_SYNTAX', line: 2, col: 1, message: /multiple documents/ },
  ])('$code at $line:$col', ({ text, code, line, col, message }) => {
    const { diagnostics } = parseYamlFile('f.yml', text);
    expect(diagnostics[0]).toMatchObject({ code, line, col, file: 'f.yml' });
    expect(diagnostics[0]?.message).toMatch(message);
  });

  it.each([
    ['a: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n', 'QUORUM_INVENTORY_VAULT'],
    ['a: !custom x\n', 'QUORUM_INVENTORY_YAML_TAG'],
  ])('unsupported tags: %s', (text, code) => {
    const { yaml } = parseYamlFile('f.yml', text);
    const diagnostics: Diagnostic[] = [];
    nodeToValue(yaml, yaml.doc.contents, diagnostics);
    expect(diagnostics.map((d) => d.code)).toEqual([code]);
  });
});
