import { type InventoryMapping, type InventoryValue, setKey } from './values.js';

// INI inventories give each value to Python's ast.literal_eval and keep the text when that fails. This is our own
// reading of the same grammar: numbers (with `_`, hex, octal, binary, exponents), strings (quotes, prefixes,
// escapes, adjacent ones joined), True/False/None, lists, tuples, dicts and sets, `#` comments. Anything else
// (names such as `yes`, leading zeros, complex numbers) is not a literal, and the caller keeps the raw text.

type Token =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string; bytes: boolean }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string };

class NotALiteral extends Error {}

const DIGITS = '[0-9](?:_?[0-9])*';
const EXPONENT = `[eE][+-]?${DIGITS}`;
const NUMBER_PATTERNS: readonly { re: RegExp; parse: (text: string) => number }[] = [
  { re: /^0[xX](?:_?[0-9a-fA-F])+/, parse: (t) => parseInt(t.slice(2).replaceAll('_', ''), 16) },
  { re: /^0[oO](?:_?[0-7])+/, parse: (t) => parseInt(t.slice(2).replaceAll('_', ''), 8) },
  { re: /^0[bB](?:_?[01])+/, parse: (t) => parseInt(t.slice(2).replaceAll('_', ''), 2) },
  {
    re: new RegExp(`^(?:${DIGITS}\\.(?:${DIGITS})?(?:${EXPONENT})?|\\.${DIGITS}(?:${EXPONENT})?|${DIGITS}${EXPONENT})`),
    parse: (t) => Number(t.replaceAll('_', '')),
  },
  // Decimal integers: Python refuses leading zeros except in zero itself.
  { re: /^(?:[1-9](?:_?[0-9])*|0(?:_?0)*)/, parse: (t) => Number(t.replaceAll('_', '')) },
];

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

function decodeEscapes(body: string, bytes: boolean): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\' || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i += 1;
    } else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
      out += String.fromCodePoint(parseInt(octal, 8));
      i += octal.length;
    } else if (next === 'x' || (!bytes && (next === 'u' || next === 'U'))) {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) throw new NotALiteral();
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + width;
    } else if (!bytes && next === 'N') {
      // Named characters need Python's Unicode name table; treat them as not a literal rather than guess.
      throw new NotALiteral();
    } else {
      out += '\\' + next;
      i += 1;
    }
  }
  return out;
}

function readString(text: string, start: number): { token: Token; end: number } | undefined {
  const m = /^([rRbBuU]|[rR][bB]|[bB][rR])?('''|"""|'|")/.exec(text.slice(start));
  if (!m) return undefined;
  const prefix = (m[1] ?? '').toLowerCase();
  const quote = m[2]!;
  const raw = prefix.includes('r');
  const bytes = prefix.includes('b');
  let i = start + m[0].length;
  let body = '';
  for (;;) {
    if (i >= text.length) throw new NotALiteral();
    if (text.startsWith(quote, i)) break;
    const ch = text[i]!;
    if (quote.length === 1 && ch === '\n') throw new NotALiteral();
    if (ch === '\\' && i + 1 < text.length) {
      body += ch + text[i + 1]!;
      i += 2;
      continue;
    }
    body += ch;
    i += 1;
  }
  const value = raw ? body : decodeEscapes(body, bytes);
  // Bytes literals may hold only ASCII characters; ansible decodes them to text afterwards.
  if (bytes && /[^\x00-\x7f]/.test(body)) throw new NotALiteral();
  return { token: { kind: 'string', value, bytes }, end: i + quote.length };
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\f' || ch === '\n' || ch === '\r') {
      i += 1;
      continue;
    }
    if (ch === '#') break;
    const str = readString(text, i);
    if (str) {
      tokens.push(str.token);
      i = str.end;
      continue;
    }
    if (/[0-9.]/.test(ch) && (ch !== '.' || /[0-9]/.test(text[i + 1] ?? ''))) {
      const rest = text.slice(i);
      const match = NUMBER_PATTERNS.map((p) => ({ p, m: p.re.exec(rest) }))
        .filter((x) => x.m)
        .sort((a, b) => b.m![0].length - a.m![0].length)[0];
      if (!match) throw new NotALiteral();
      const lexeme = match.m![0];
      // `017`, `1abc` or `1j`: Python rejects or makes something that is not plain data.
      if (/[A-Za-z0-9_]/.test(rest[lexeme.length] ?? '')) throw new NotALiteral();
      tokens.push({ kind: 'number', value: match.p.parse(lexeme) });
      i += lexeme.length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    if ('[](){},:+-'.includes(ch)) {
      tokens.push({ kind: 'op', value: ch });
      i += 1;
      continue;
    }
    throw new NotALiteral();
  }
  return tokens;
}

/** Python turns dict keys into JSON object keys this way. */
function keyText(key: InventoryValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number') return String(key);
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key === null) return 'null';
  // Lists and dicts cannot be dict keys in Python.
  throw new NotALiteral();
}

class LiteralParser {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  parseAll(): InventoryValue {
    const value = this.parseTupleOrExpr(() => this.pos >= this.tokens.length);
    if (this.pos !== this.tokens.length) throw new NotALiteral();
    return value;
  }

  private peekOp(op: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === 'op' && t.value === op;
  }

  private expectOp(op: string): void {
    if (!this.peekOp(op)) throw new NotALiteral();
    this.pos += 1;
  }

  /** `a, b` without brackets is a tuple at the top level and inside parentheses. */
  private parseTupleOrExpr(atEnd: () => boolean): InventoryValue {
    const first = this.parseExpr();
    if (!this.peekOp(',')) return first;
    const items = [first];
    while (this.peekOp(',')) {
      this.pos += 1;
      if (atEnd()) break;
      items.push(this.parseExpr());
    }
    return items;
  }

  private parseSequence(close: string): InventoryValue[] {
    const items: InventoryValue[] = [];
    while (!this.peekOp(close)) {
      items.push(this.parseExpr());
      if (!this.peekOp(',')) break;
      this.pos += 1;
    }
    this.expectOp(close);
    return items;
  }

  private parseBraces(): InventoryValue {
    if (this.peekOp('}')) {
      this.pos += 1;
      return {};
    }
    const firstKey = this.parseExpr();
    if (!this.peekOp(':')) {
      // A set: ansible-inventory would print it as a list.
      const rest = this.peekOp(',') ? (this.pos++, this.parseSequence('}')) : (this.expectOp('}'), []);
      return [firstKey, ...rest];
    }
    const mapping: InventoryMapping = {};
    let key: InventoryValue = firstKey;
    for (;;) {
      this.expectOp(':');
      setKey(mapping, keyText(key), this.parseExpr());
      if (!this.peekOp(',')) break;
      this.pos += 1;
      if (this.peekOp('}')) break;
      key = this.parseExpr();
    }
    this.expectOp('}');
    return mapping;
  }

  private parseExpr(): InventoryValue {
    const token = this.tokens[this.pos];
    if (!token) throw new NotALiteral();
    this.pos += 1;
    switch (token.kind) {
      case 'number':
        return token.value;
      case 'string': {
        let value = token.value;
        // Adjacent string literals are joined, as long as they are all text or all bytes.
        for (let next = this.tokens[this.pos]; next?.kind === 'string'; next = this.tokens[this.pos]) {
          if (next.bytes !== token.bytes) throw new NotALiteral();
          value += next.value;
          this.pos += 1;
        }
        return value;
      }
      case 'name':
        if (token.value === 'True') return true;
        if (token.value === 'False') return false;
        if (token.value === 'None') return null;
        throw new NotALiteral();
      case 'op':
        return this.parseOperator(token.value);
    }
  }

  private parseOperator(op: string): InventoryValue {
    if (op === '+' || op === '-') {
      // literal_eval allows one sign directly on a number, nothing else.
      const operand = this.tokens[this.pos];
      if (operand?.kind !== 'number') throw new NotALiteral();
      this.pos += 1;
      return op === '-' ? -operand.value : operand.value;
    }
    if (op === '[') return this.parseSequence(']');
    if (op === '{') return this.parseBraces();
    if (op === '(') {
      if (this.peekOp(')')) {
        this.pos += 1;
        return [];
      }
      const inner = this.parseTupleOrExpr(() => this.peekOp(')'));
      this.expectOp(')');
      return inner;
    }
    throw new NotALiteral();
  }
}

export type LiteralResult = { ok: true; value: InventoryValue } | { ok: false };

/** Reads `text` as a Python literal, as ast.literal_eval would; `{ ok: false }` when it is not one. */
export function parsePythonLiteral(text: string): LiteralResult {
  try {
    // Python 3.10+ ignores leading spaces and tabs here; other leading whitespace is an indentation error.
    const tokens = tokenize(text.replace(/^[ \t]+/, ''));
    if (/^[ \t]*[\n\r\f]/.test(text)) return { ok: false };
    if (tokens.length === 0) return { ok: false };
    return { ok: true, value: new LiteralParser(tokens).parseAll() };
  } catch (err) {
    if (err instanceof NotALiteral) return { ok: false };
    throw err;
  }
}

/** The value of an INI `key=value`: the literal when there is one, else the text itself. */
export function iniValue(text: string): InventoryValue {
  const result = parsePythonLiteral(text);
  return result.ok ? result.value : text;
}
