import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { Diagnostic } from '../../../engine/diagnostics.js';
import { parseSimpleYaml } from '../../../engine/inventory/simple-yaml.js';
import { nodeToValue, parseYamlFile, parseYamlFileFully, type YamlFile } from '../../../engine/inventory/yaml-reader.js';

// The fast reader must give exactly what the full YAML reader gives (the same values with PyYAML's meaning, and
// the same start offset for every node, which diagnostics turn into line and column), or step aside (undefined).

/** Every node of a tree as `kind@offset`, keys and values alike, in document order. */
function shape(node: unknown): string[] {
  if (node === null || node === undefined) return ['null'];
  if (isPair(node)) return [...shape(node.key), ...shape(node.value)];
  const at = (node as { range?: number[] }).range?.[0];
  if (isScalar(node)) return [`${node.type}:${JSON.stringify(node.value)}@${at}`];
  if (isMap(node) || isSeq(node)) return [`${isMap(node) ? 'map' : 'seq'}${node.flow ? '/flow' : ''}@${at}`, ...node.items.flatMap(shape)];
  return ['?'];
}

function valueOf(yaml: YamlFile): unknown {
  const errors: Diagnostic[] = [];
  const value = nodeToValue(yaml, yaml.doc.contents, errors);
  expect(errors).toEqual([]);
  return value;
}

/** Checks the fast reader against the full one; returns whether the fast reader took the text. */
function agrees(text: string): boolean {
  const fast = parseSimpleYaml(text);
  const full = parseYamlFileFully('f.yml', text);
  if (fast === undefined) return false;
  // A text the fast reader takes is one the full parser takes without a word.
  expect(full.diagnostics).toEqual([]);
  const fastFile: YamlFile = { file: 'f.yml', doc: { contents: fast.contents } as Document.Parsed, lines: fast.lines };
  expect(valueOf(fastFile)).toEqual(valueOf(full.yaml));
  expect(shape(fast.contents)).toEqual(shape(full.yaml.doc.contents));
  for (const offset of [0, Math.floor(text.length / 2), Math.max(0, text.length - 1)]) {
    expect(fast.lines.linePos(offset)).toEqual(full.yaml.lines.linePos(offset));
  }
  return true;
}

describe('the fast reader reads the plain subset as the full reader does', () => {
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
    'empty_with_comment:   # nothing here\nnext: 1\n',
    'trailing_spaces:   \nnext: 1\n',
    'seq:\n  - # empty item\n  -\n  - x\n',
    '',
    '# only comments\n',
    '- a\n- b\n',
    'a: [1, [2]]\n',
    'a: {b: 1}\n',
    '"quoted key": 1\n',
    "'single key': 1\n",
    'yes: 1\n010: octal key\n',
    'all:\n  hosts:\n    c001-e1: {ansible_host: 127.0.0.1, etcd_cluster_name: c001}\n    web[01:10].example.com:\n    10.0.0.5: {ansible_port: 2222}\n',
    'h1: {url: "https://10.0.0.1:2379", peers: [a, "b", \'c\'], empty: {}, none: []}\n',
    'h1: { spaced : x ,  other: [ 1 , 2 ] }\n',
    'a: x]\nb: a,b\nc: -x\nd: :x\ne: a#b\n',
    'hosts:\n  h1:\n    ansible_host: 10.0.0.1  # the first\n\n\n  h2:\n',
  ])('%j', (text) => {
    expect(agrees(text)).toBe(true);
  });
});

describe('the fast reader steps aside outside its subset', () => {
  it.each([
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: "esc\\n"\n',
    "a: 'it''s'\n",
    'a: multi\n  line\n',
    'a: 1\na: 2\n',
    'a: {b: 1, b: 2}\n',
    'a:\n\tb: 1\n',
    'list:\n  - name: x\n',
    '{"json": 1}\n',
    'a: {"json":1}\n',
    'a: b: c\n',
    'a: [x: y]\n',
    'a: [1, 2, ]\n',
    'a: {b}\n',
    'a: [unclosed\n',
    'a: "unclosed\n',
    'a: 1\n---\nb: 2\n',
    '--- {a: 1}\n',
    'just text\n',
    'a: 1\r\nb: 2\r\n',
    '\uFEFFa: 1\n',
    '  indented: root\n',
    'a: 1\n- b\n',
    // White space YAML does not know as such (JavaScript's trim() does).
    'a: b\u00a0# c\n',
    'a:\n  \u00a0b: c\n',
    'a: b\u2028\n',
    'a: b\u000b\n',
    // Document markers, only at the start of a line.
    'a: 1\n... x: y\n',
    '... x: y\n',
    '  ---\na: 1\n',
    // An implicit key longer than YAML allows.
    `${'k'.repeat(1100)}: v\n`,
    `"${'k'.repeat(1100)}": v\n`,
  ])('%j', (text) => {
    expect(parseSimpleYaml(text)).toBeUndefined();
  });
});

describe('parseYamlFile gives the fast reader\'s nodes and the full parser\'s diagnostics', () => {
  it('takes the fast path for plain YAML and still reports what only the full parser sees', () => {
    const plain = parseYamlFile('f.yml', 'a: {b: 1}\n');
    expect(plain.diagnostics).toEqual([]);
    expect(valueOf(plain.yaml)).toEqual({ a: { b: 1 } });
    const duplicate = parseYamlFile('f.yml', 'a: 1\na: 2\n');
    expect(duplicate.diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['QUORUM_INVENTORY_DUPLICATE_KEY', 2, 1]]);
  });
});

// Random documents in the subset's style, and the same documents with one character changed: whatever the fast
// reader accepts, the full parser reads the same way and without a complaint.
const scalars = fc.constantFrom(
  'x', 'yes', 'No', '010', '0x1F', '1:20', '1.5', '~', '', '-1', 'a b', 'http://h:2379/p', 'a#b', '"q # x"', "'s'", '"a: b"', 'web[1:3]', '.inf', 'null',
);
const keys = fc.constantFrom('a', 'b', 'host-1', '10.0.0.1', 'yes', '"k"', "'k 2'", 'web[01:02]', 'ansible_host');
const flow: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    scalars.filter((s) => !s.includes('#') && s !== '' && !s.startsWith('-')),
    fc.array(tie('node'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc.uniqueArray(fc.tuple(keys, tie('node')), { maxLength: 3, selector: ([k]) => k.replace(/['"]/g, '') }).map(
      (pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`,
    ),
  ),
})).node;

function blockDocument(depth: number, indent: string): fc.Arbitrary<string> {
  const leaf = fc.oneof(scalars, flow).map((v) => (v === '' ? '' : ` ${v}`));
  const entry = depth === 0 ? leaf.map((v) => ({ inline: v, nested: '' })) : fc.oneof(
    leaf.map((v) => ({ inline: v, nested: '' })),
    fc.constant(null).chain(() => blockDocument(depth - 1, `${indent}  `).map((nested) => ({ inline: '', nested }))),
  );
  const comment = fc.constantFrom('', '', ' # note');
  return fc
    .uniqueArray(fc.tuple(keys, entry, comment), { minLength: 1, maxLength: 4, selector: ([k]) => k.replace(/['"]/g, '') })
    .map((entries) => entries.map(([k, e, c]) => `${indent}${k}:${e.inline}${e.inline === '' || !c ? '' : c}\n${e.nested}`).join(''));
}

describe('the fast reader against the full parser on random documents', () => {
  it('agrees whenever it takes a document', () => {
    fc.assert(
      fc.property(blockDocument(2, ''), (text) => {
        agrees(text);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees whenever it takes a document with one character changed', () => {
    const changes = fc.constantFrom(':', ' ', '\n', '#', '"', "'", '-', '[', ']', '{', '}', ',', '&', '*', '!', '|', 'x', '?', '.', '\u00a0');
    fc.assert(
      fc.property(blockDocument(2, ''), fc.nat(), changes, fc.boolean(), (text, at, ch, insert) => {
        const i = at % (text.length + 1);
        agrees(text.slice(0, i) + ch + text.slice(insert ? i : i + 1));
      }),
      { numRuns: 1500 },
    );
  });
});
