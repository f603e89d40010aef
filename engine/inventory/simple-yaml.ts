import { type InventoryMapping, type InventoryValue, setKey } from './values.js';
import { resolvePlainScalar } from './yaml-reader.js';

// A fast reader for the plain YAML that most group_vars/ and host_vars/ files are written in: block mappings and
// sequences of plain or simply quoted scalars, `[a, b]` lists, `{}` and comments. A big inventory has thousands
// of such files, and the full YAML parser costs milliseconds each. Anything outside this subset (anchors, tags,
// block text, multi-line scalars, escapes, duplicate keys, tabs, syntax errors) returns undefined, and the
// caller uses the full parser, which also reports problems with their positions.

interface Line {
  indent: number;
  text: string;
}

class OutsideSubset extends Error {}

const INDICATOR_START = /^[?:,[\]{}#&*!|>'"%@`]/;
const SAFE_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const FLOW_ITEM = /^[^,[\]{}#&*!|>'"%@`?:\s][^,[\]{}#]*$/;

function plainScalar(text: string): InventoryValue {
  if (INDICATOR_START.test(text) || text.startsWith('- ') || text === '-' || text.includes(': ') || text.endsWith(':')) {
    throw new OutsideSubset();
  }
  return resolvePlainScalar(text);
}

function flowSequence(text: string): InventoryValue[] {
  const body = text.slice(1, -1).trim();
  if (body === '') return [];
  return body.split(',').map((item) => {
    const trimmed = item.trim();
    if (!FLOW_ITEM.test(trimmed) || trimmed.includes(': ')) throw new OutsideSubset();
    return resolvePlainScalar(trimmed);
  });
}

function inlineValue(raw: string): InventoryValue {
  let text = raw;
  const comment = text.indexOf(' #');
  if (text.startsWith('"')) {
    if (!/^"[^"\\]*"(?:\s+#.*)?$/.test(text)) throw new OutsideSubset();
    return text.slice(1, text.indexOf('"', 1));
  }
  if (text.startsWith("'")) {
    if (!/^'[^']*'(?:\s+#.*)?$/.test(text)) throw new OutsideSubset();
    return text.slice(1, text.indexOf("'", 1));
  }
  if (comment >= 0) text = text.slice(0, comment).trimEnd();
  if (text.startsWith('[') && text.endsWith(']')) return flowSequence(text);
  if (text === '{}') return {};
  return plainScalar(text);
}

class SimpleYamlParser {
  private pos = 0;
  constructor(private readonly lines: readonly Line[]) {}

  parseDocument(): InventoryValue {
    if (this.lines.length === 0) return null;
    if (this.lines[0]!.indent !== 0) throw new OutsideSubset();
    const value = this.parseBlock(0);
    if (this.pos !== this.lines.length) throw new OutsideSubset();
    return value;
  }

  private isSequenceItem(line: Line): boolean {
    return line.text === '-' || line.text.startsWith('- ');
  }

  private parseBlock(indent: number): InventoryValue {
    const first = this.lines[this.pos]!;
    return this.isSequenceItem(first) ? this.parseSequence(indent) : this.parseMapping(indent);
  }

  /** The value after `key:` or `-` with nothing on the line: a nested block, or null. */
  private nestedValue(parentIndent: number, allowSameIndentSequence: boolean): InventoryValue {
    const next = this.lines[this.pos];
    if (next && (next.indent > parentIndent || (allowSameIndentSequence && next.indent === parentIndent && this.isSequenceItem(next)))) {
      return this.parseBlock(next.indent);
    }
    return null;
  }

  private parseMapping(indent: number): InventoryMapping {
    const mapping: InventoryMapping = {};
    const seen = new Set<string>();
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent) break;
      if (line.indent > indent || this.isSequenceItem(line)) throw new OutsideSubset();
      const colon = line.text.indexOf(':');
      if (colon <= 0) throw new OutsideSubset();
      const key = line.text.slice(0, colon);
      const rest = line.text.slice(colon + 1);
      // A key must be a plain name that PyYAML reads as text (not `yes`, `1` or `null`), seen once.
      if (!SAFE_KEY.test(key) || typeof resolvePlainScalar(key) !== 'string' || seen.has(key)) throw new OutsideSubset();
      if (rest !== '' && !rest.startsWith(' ')) throw new OutsideSubset();
      seen.add(key);
      this.pos += 1;
      const inline = rest.trim();
      const value = inline === '' || inline.startsWith('#') ? this.nestedValue(indent, true) : inlineValue(inline);
      // A value on the key's line followed by deeper lines is a multi-line scalar: not ours.
      if (inline !== '' && !inline.startsWith('#') && (this.lines[this.pos]?.indent ?? 0) > indent) throw new OutsideSubset();
      setKey(mapping, key, value);
    }
    return mapping;
  }

  private parseSequence(indent: number): InventoryValue[] {
    const items: InventoryValue[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos]!;
      if (line.indent < indent || (line.indent === indent && !this.isSequenceItem(line))) break;
      if (line.indent > indent) throw new OutsideSubset();
      const inline = line.text.slice(1).trim();
      this.pos += 1;
      if (inline === '' || inline.startsWith('#')) {
        items.push(this.nestedValue(indent, false));
        continue;
      }
      // `- key: value` starts a mapping inside the sequence: not ours.
      if (/^[^'"[{]*:(?:\s|$)/.test(inline)) throw new OutsideSubset();
      items.push(inlineValue(inline));
      if ((this.lines[this.pos]?.indent ?? 0) > indent) throw new OutsideSubset();
    }
    return items;
  }
}

/** The value of a simple YAML document, or undefined when the text needs the full YAML parser. */
export function parseSimpleYaml(text: string): InventoryValue | undefined {
  if (text.includes('\t') || text.includes('\r')) return undefined;
  const lines: Line[] = [];
  let started = false;
  for (const raw of text.split('\n')) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    if (!started && trimmed === '---') {
      started = true;
      continue;
    }
    started = true;
    if (trimmed === '---' || trimmed === '...' || raw.startsWith('%')) return undefined;
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, text: raw.trimEnd().slice(indent) });
  }
  try {
    return new SimpleYamlParser(lines).parseDocument();
  } catch (err) {
    if (err instanceof OutsideSubset) return undefined;
    throw err;
  }
}
