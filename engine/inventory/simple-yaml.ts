import { LineCounter, Pair, type ParsedNode, Scalar, YAMLMap, YAMLSeq } from 'yaml';

// A fast reader for the plain YAML that inventories and most group_vars/ and host_vars/ files are written in:
// block mappings and sequences, plain or simply quoted scalars, one-line flow collections (`{ansible_host: 10.0.0.1,
// port: 22}`, `[a, b]`) and comments. It builds the `yaml` package's own nodes, with the same ranges the package
// gives them, so that everything downstream (values with PyYAML's meaning, diagnostics with line and column) is
// the same whichever reader ran. The full parser is slow on a fleet's inventory (about 0.25 s for 1,500 hosts
// written as flow mappings, a quarter of `quorum plan`'s budget); this one reads the same file in a few ms.
// Anything outside the subset (anchors, tags, block text, multi-line scalars, escapes, duplicate keys, tabs,
// syntax errors) returns undefined, and the caller uses the full parser, which also reports problems with their
// positions.

class OutsideSubset extends Error {}

function outside(): never {
  throw new OutsideSubset();
}

interface Line {
  indent: number;
  /** Offset in the text of the line's first non-space character. */
  start: number;
  /** The line from its first non-space character, without trailing spaces. */
  text: string;
  /** Offset of the end of the line as written, trailing spaces included. */
  rawEnd: number;
}

/** Characters that cannot start a plain scalar in block context (YAML 1.2, 7.3.3), '-', '?' and ':' aside. */
const BLOCK_INDICATOR_START = /^[,[\]{}#&*!|>'"%@`]/;
/** Characters that end a plain scalar inside a flow collection. */
const FLOW_STOP = new Set([',', '[', ']', '{', '}']);

function scalar(value: string, type: Scalar.Type, start: number, end: number): Scalar.Parsed {
  const node = new Scalar(value) as Scalar.Parsed;
  node.type = type;
  node.source = value;
  node.range = [start, end, end];
  return node;
}

/** Whether a plain scalar may start with `text` (so `-1`, `-x` and `:x` may, `- x`, `? x` and `:` may not). */
function plainMayStart(text: string): boolean {
  if (text === '' || BLOCK_INDICATOR_START.test(text)) return false;
  if (text[0] === '-' || text[0] === '?' || text[0] === ':') return text.length > 1 && text[1] !== ' ';
  return true;
}

/** Reads the scalars and flow collections of one line, starting at `pos` (an offset in the whole text). */
class InlineReader {
  constructor(
    private readonly text: string,
    /** Offset of the end of the line (its trailing spaces excluded). */
    private readonly end: number,
    private pos: number,
  ) {}

  /** The value written at the current position of a block context; only a comment may follow it. */
  blockValue(): ParsedNode {
    const ch = this.text[this.pos];
    const node = ch === '{' || ch === '[' ? this.flowCollection() : ch === '"' || ch === "'" ? this.quoted() : this.blockPlain();
    this.expectLineEnd();
    return node;
  }

  private expectLineEnd(): void {
    if (this.pos >= this.end) return;
    // A comment needs a space before its '#'.
    const rest = this.text.slice(this.pos, this.end);
    if (!/^\s+#/.test(rest)) outside();
    this.pos = this.end;
  }

  private skipSpaces(): void {
    while (this.pos < this.end && this.text[this.pos] === ' ') this.pos += 1;
  }

  /** A quoted scalar without escapes (`"a\nb"` and `'it''s'` are for the full parser). */
  private quoted(): Scalar.Parsed {
    const start = this.pos;
    const quote = this.text[start]!;
    const close = this.text.indexOf(quote, start + 1);
    if (close < 0 || close >= this.end) outside();
    const value = this.text.slice(start + 1, close);
    if (quote === '"' && value.includes('\\')) outside();
    if (quote === "'" && this.text[close + 1] === "'") outside();
    this.pos = close + 1;
    return scalar(value, quote === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', start, this.pos);
  }

  private blockPlain(): Scalar.Parsed {
    const start = this.pos;
    const line = this.text.slice(start, this.end);
    const comment = line.search(/\s#/);
    const value = (comment < 0 ? line : line.slice(0, comment)).trimEnd();
    // `a: b: c` and `a: b:` are errors the full parser names.
    if (!plainMayStart(value) || value.includes(': ') || value.endsWith(':')) outside();
    this.pos = start + value.length;
    return scalar(value, 'PLAIN', start, this.pos);
  }

  private flowCollection(): ParsedNode {
    const start = this.pos;
    const isMap = this.text[start] === '{';
    const close = isMap ? '}' : ']';
    const node = isMap ? new YAMLMap<ParsedNode, ParsedNode>() : new YAMLSeq<ParsedNode>();
    node.flow = true;
    const keys = new Set<string>();
    this.pos += 1;
    this.skipSpaces();
    if (this.text[this.pos] === close) {
      this.pos += 1;
    } else {
      for (;;) {
        const item = this.flowNode();
        this.skipSpaces();
        if (isMap) {
          // Every entry is `key: value` with a scalar key seen once; `{a}`, `{a: }` and `{a:1}` are not ours.
          if (!(item instanceof Scalar) || this.text[this.pos] !== ':' || this.text[this.pos + 1] !== ' ') outside();
          if (keys.has(String(item.value))) outside();
          keys.add(String(item.value));
          this.pos += 2;
          this.skipSpaces();
          const value = this.flowNode();
          (node as YAMLMap<ParsedNode, ParsedNode>).items.push(new Pair(item, value));
          this.skipSpaces();
        } else {
          // `[a: b]` is a one-entry mapping in a sequence: not ours.
          if (this.text[this.pos] === ':') outside();
          (node as YAMLSeq<ParsedNode>).items.push(item);
        }
        const next = this.text[this.pos];
        this.pos += 1;
        if (next === close) break;
        if (next !== ',') outside();
        this.skipSpaces();
        // A trailing comma (`[a, ]`) is for the full parser.
        if (this.text[this.pos] === close) outside();
      }
    }
    node.range = [start, this.pos, this.pos];
    return node as ParsedNode;
  }

  private flowNode(): ParsedNode {
    if (this.pos >= this.end) outside();
    const ch = this.text[this.pos]!;
    if (ch === '{' || ch === '[') return this.flowCollection();
    if (ch === '"' || ch === "'") return this.quoted();
    return this.flowPlain();
  }

  private flowPlain(): Scalar.Parsed {
    const start = this.pos;
    let pos = start;
    while (pos < this.end) {
      const ch = this.text[pos]!;
      if (FLOW_STOP.has(ch)) break;
      if (ch === ':' && (pos + 1 >= this.end || this.text[pos + 1] === ' ' || FLOW_STOP.has(this.text[pos + 1]!))) break;
      if (ch === '#' && this.text[pos - 1] === ' ') outside();
      pos += 1;
    }
    const value = this.text.slice(start, pos).trimEnd();
    if (!plainMayStart(value)) outside();
    this.pos = start + value.length;
    return scalar(value, 'PLAIN', start, this.pos);
  }
}

class BlockReader {
  private index = 0;
  constructor(
    private readonly text: string,
    private readonly lines: readonly Line[],
  ) {}

  document(): ParsedNode | null {
    if (this.lines.length === 0) return null;
    if (this.lines[0]!.indent !== 0) outside();
    const root = this.block(0);
    if (this.index !== this.lines.length) outside();
    return root;
  }

  private isSequenceItem(line: Line): boolean {
    return line.text === '-' || line.text.startsWith('- ');
  }

  private block(indent: number): ParsedNode {
    return this.isSequenceItem(this.lines[this.index]!) ? this.sequence(indent) : this.mapping(indent);
  }

  /**
   * The value after `key:` or `-` with nothing else on the line: a nested block, or an empty scalar where the
   * full parser puts it (`at`: the end of the line as written, or the comment that ends it).
   */
  private nestedValue(parentIndent: number, allowSameIndentSequence: boolean, at: number): ParsedNode {
    const next = this.lines[this.index];
    if (next && (next.indent > parentIndent || (allowSameIndentSequence && next.indent === parentIndent && this.isSequenceItem(next)))) {
      return this.block(next.indent);
    }
    return scalar('', 'PLAIN', at, at);
  }

  /** The inline value at `pos` of `line`, which no deeper line may continue (a multi-line scalar is not ours). */
  private inlineValue(line: Line, pos: number, indent: number): ParsedNode {
    const value = new InlineReader(this.text, line.start + line.text.length, pos).blockValue();
    if ((this.lines[this.index]?.indent ?? 0) > indent) outside();
    return value;
  }

  private key(line: Line): { key: Scalar.Parsed; rest: number } {
    const { text, start } = line;
    if (text[0] === '"' || text[0] === "'") {
      const close = text.indexOf(text[0], 1);
      const value = close > 0 ? text.slice(1, close) : outside();
      if ((text[0] === '"' && value.includes('\\')) || (text[0] === "'" && text[close + 1] === "'")) outside();
      if (text[close + 1] !== ':' || (close + 2 < text.length && text[close + 2] !== ' ') || close > 1024) outside();
      return { key: scalar(value, text[0] === '"' ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE', start, start + close + 1), rest: close + 2 };
    }
    const spaced = text.indexOf(': ');
    const colon = spaced >= 0 ? spaced : text.endsWith(':') ? text.length - 1 : outside();
    const value = text.slice(0, colon).trimEnd();
    // An implicit key is at most 1024 characters (YAML 1.2, 7.4.2): the full parser names a longer one.
    if (!plainMayStart(value) || /\s#/.test(value) || colon > 1024) outside();
    return { key: scalar(value, 'PLAIN', start, start + value.length), rest: colon + 1 };
  }

  private mapping(indent: number): ParsedNode {
    const map = new YAMLMap<ParsedNode, ParsedNode>();
    const seen = new Set<string>();
    const first = this.lines[this.index]!.start;
    let end = first;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent < indent) break;
      if (line.indent > indent || this.isSequenceItem(line)) outside();
      const { key, rest } = this.key(line);
      // Duplicate keys: the full parser reports them where they are.
      if (seen.has(String(key.value))) outside();
      seen.add(String(key.value));
      this.index += 1;
      const after = line.text.slice(rest);
      const inline = after.trimStart();
      const valueAt = line.start + line.text.length - inline.length;
      const value =
        inline === '' ? this.nestedValue(indent, true, line.rawEnd)
        : inline.startsWith('#') ? this.nestedValue(indent, true, valueAt)
        : this.inlineValue(line, valueAt, indent);
      map.items.push(new Pair<ParsedNode, ParsedNode>(key, value));
      end = value.range[2];
    }
    map.range = [first, end, end];
    return map as ParsedNode;
  }

  private sequence(indent: number): ParsedNode {
    const seq = new YAMLSeq<ParsedNode>();
    const first = this.lines[this.index]!.start;
    let end = first;
    while (this.index < this.lines.length) {
      const line = this.lines[this.index]!;
      if (line.indent < indent || (line.indent === indent && !this.isSequenceItem(line))) break;
      if (line.indent > indent) outside();
      this.index += 1;
      const inline = line.text.slice(1).trimStart();
      const inlineAt = line.start + line.text.length - inline.length;
      let item: ParsedNode;
      if (inline === '' || inline.startsWith('#')) {
        item = this.nestedValue(indent, false, inline === '' ? line.rawEnd : inlineAt);
      } else {
        // `- key: value` starts a mapping inside the sequence: not ours.
        if (/^[^'"[{]*:(?:\s|$)/.test(inline)) outside();
        item = this.inlineValue(line, inlineAt, indent);
      }
      seq.items.push(item);
      end = item.range[2];
    }
    seq.range = [first, end, end];
    return seq as ParsedNode;
  }
}

export interface SimpleYamlDocument {
  /** The root node, null for a document of comments only. */
  contents: ParsedNode | null;
  lines: LineCounter;
}

/** The nodes of a plain YAML document, or undefined when the text needs the full YAML parser. */
export function parseSimpleYaml(text: string): SimpleYamlDocument | undefined {
  // YAML's white space is the space and the tab; JavaScript's trim() and \s know many more (NBSP pasted from a
  // wiki, U+2028, a BOM): such text, and tabs and CRs, are for the full parser.
  if (/[\t\r\v\f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(text)) return undefined;
  const counter = new LineCounter();
  const lines: Line[] = [];
  let started = false;
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    counter.addNewLine(lineStart);
    offset += raw.length + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // Document markers count only at the start of a line.
    const marker = raw.trimEnd();
    if (!started && marker === '---') {
      started = true;
      continue;
    }
    started = true;
    if (marker === '---' || marker === '...' || raw.startsWith('%') || raw.startsWith('--- ') || raw.startsWith('... ')) return undefined;
    const indent = raw.length - raw.trimStart().length;
    lines.push({ indent, start: lineStart + indent, text: raw.trimEnd().slice(indent), rawEnd: lineStart + raw.length });
  }
  try {
    return { contents: new BlockReader(text, lines).document(), lines: counter };
  } catch (err) {
    if (err instanceof OutsideSubset) return undefined;
    throw err;
  }
}
