import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../engine/diagnostics.js';
import { parseSimpleYaml } from '../../../engine/inventory/simple-yaml.js';
import { nodeToValue, parseYamlFile } from '../../../engine/inventory/yaml-reader.js';

// The fast reader must give exactly what the full YAML reader gives, or step aside (undefined).
function fullParse(text: string): unknown {
  const { yaml, diagnostics } = parseYamlFile('f.yml', text);
  const errors: Diagnostic[] = [...diagnostics];
  const value = nodeToValue(yaml, yaml.doc.contents, errors);
  expect(errors).toEqual([]);
  return value;
}

describe('parseSimpleYaml reads the plain subset as the full reader does', () => {
  it.each([
    'a: 1\nb: yes\nc: ~\nd: 010\ne: 1e3\nf: 1.5\ng: text with spaces\n',
    '---\n# comment\nkey: value # trailing comment\nurl: http://example.com:8080/x\n',
    'a: "double"\nb: \'single\'\nc: "with # hash"\nd: \'x\' # comment\n',
    'list: [a, b, 3, yes]\nempty: []\nmap: {}\n',
    'nested:\n  inner:\n    deep: 1\n  other: two\ntop: 3\n',
    'seq:\n  - a\n  - 2\nsame_indent:\n- x\n- y\nafter: 1\n',
    'items:\n  -\n    name: a\n  -\n    name: b\n',
    'labels:\n  slot: 5\nntp_servers: [ntp1.example.com, ntp2.example.com]\n',
    'time: 10:30\ndate: 2001-12-14\nneg: -5\nip: 10.0.0.1\n',
    'empty_value:\nnext: 1\n',
    '',
    '# only comments\n',
    '- a\n- b\n',
  ])('%j', (text) => {
    const fast = parseSimpleYaml(text);
    expect(fast).not.toBeUndefined();
    expect(fast).toEqual(fullParse(text));
  });
});

describe('parseSimpleYaml steps aside outside its subset', () => {
  it.each([
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: "esc\\n"\n',
    "a: 'it''s'\n",
    'a: multi\n  line\n',
    'a: 1\na: 2\n',
    'a:\n\tb: 1\n',
    'list:\n  - name: x\n',
    'a: [1, [2]]\n',
    'a: {b: 1}\n',
    '"quoted key": 1\n',
    'yes: 1\n',
    '{"json": 1}\n',
    'a: b: c\n',
    'a: 1\n---\nb: 2\n',
    'just text\n',
    'a: 1\r\nb: 2\r\n',
  ])('%j', (text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});
