import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlText, positionOf } from '../../../engine/load/yaml-file.js';

describe('parseYamlText: values as Ansible (PyYAML, YAML 1.1) reads them', () => {
  it.each([
    ['a: yes\nb: no\nc: on\nd: off', { a: true, b: false, c: true, d: false }],
    ['a: y\nb: n', { a: 'y', b: 'n' }],
    ['mode: 0644', { mode: 420 }],
    ['mode: "0644"', { mode: '0644' }],
    ['when: 2024-01-02', { when: '2024-01-02' }],
    ['x: &a {b: 1}\nz:\n  <<: *a\n  c: 2', { x: { b: 1 }, z: { b: 1, c: 2 } }],
    ['', null],
  ])('%j', (text, value) => {
    const { source, diagnostics } = parseYamlText(text, 'f.yml');
    expect(diagnostics).toEqual([]);
    expect(source?.value).toEqual(value);
  });
});

describe('parseYamlText: one clear diagnostic per mistake, with its position', () => {
  it.each([
    ['a: 1\na: 2\n', 'QUORUM_YAML_DUPLICATE_KEY', 2, 1],
    ['a:\n\tb: 1\n', 'QUORUM_YAML_TAB', 2, 1],
    ['- hosts: x\n  tasks: [\n    - a\n', 'QUORUM_YAML_SYNTAX', 3, 5],
    ['a: "x\n', 'QUORUM_YAML_SYNTAX', 2, 1],
    ['when: {{ x }}\n', 'QUORUM_YAML_UNQUOTED_TEMPLATE', 1, 7],
    ['? [a]\n: 1\n', 'QUORUM_YAML_COMPLEX_KEY', 1, 3],
    ['a: 1\nb: *?\n', 'QUORUM_YAML_ALIAS', 2, 4],
  ])('%j', (text, code, line, col) => {
    const { source, diagnostics } = parseYamlText(text, 'f.yml');
    expect(source).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([[code, 'f.yml', line, col]]);
  });
});

describe('positionOf', () => {
  const text = '- hosts: etcd\n  tasks:\n    - name: a\n      when: x\n';
  const { source } = parseYamlText(text, 'p.yml');
  it.each([
    [[0], 'value', 1, 3],
    [[0, 'hosts'], 'value', 1, 10],
    [[0, 'hosts'], 'key', 1, 3],
    [[0, 'tasks', 0], 'value', 3, 7],
    [[0, 'tasks', 0, 'when'], 'key', 4, 7],
    [[0, 'tasks', 0, 'when'], 'value', 4, 13],
    [[0, 'tasks', 5, 'when'], 'value', 3, 5],
    [[0, 'nothing'], 'value', 1, 3],
  ] as const)('%j (%s)', (path, at, line, col) => {
    expect(positionOf(source!, path, at)).toEqual({ file: 'p.yml', line, col });
  });
});

describe('parseYamlText on any text', () => {
  // Made of the characters YAML cares about, so that most inputs are broken in interesting ways.
  const yamlish = fc.stringMatching(/^[-a-z:{}[\]"'&*!|>#\t\n ,?<%@`]{0,60}$/);
  it('gives a value or diagnostics with a position, never an exception', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const { source, diagnostics } = parseYamlText(text, 'f.yml');
        expect(source !== undefined || diagnostics.length > 0).toBe(true);
        for (const diagnostic of diagnostics) expect(diagnostic.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
