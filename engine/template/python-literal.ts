// Ansible's last step when a template renders to text: if the text looks like a Python list, dict or boolean
// ("[...]", "{...}", "True", "False"), it is read back with ast.literal_eval, so that
// `"[{% for h in groups.etcd %}'{{ h }}',{% endfor %}]"` is a list. This is that reader, for Python literal
// syntax only (strings, numbers, True/False/None, lists, tuples, dicts); anything else leaves the text as is.

export type LiteralResult = { ok: true; value: unknown } | { ok: false };

/** Parses `text` as a Python literal, as ast.literal_eval would, or reports that it is not one. */
export function parsePythonLiteral(text: string): LiteralResult {
  const reader = new LiteralReader(text);
  try {
    const value = reader.readValue();
    reader.skipSpace();
    return reader.atEnd() ? { ok: true, value } : { ok: false };
  } catch (error) {
    if (error instanceof NotALiteral) return { ok: false };
    throw error;
  }
}

/** Ansible converts rendered text back only when it starts like a list or dict, or is a boolean word. */
export function looksLikePythonLiteral(text: string): boolean {
  return text.startsWith('[') || text.startsWith('{') || text === 'True' || text === 'False';
}

class NotALiteral extends Error {}

const ESCAPES: { [ch: string]: string } = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"' };

class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }

  private peek(): string {
    return this.text[this.pos] ?? '';
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (this.peek() !== ch) throw new NotALiteral();
    this.pos++;
  }

  readValue(): unknown {
    this.skipSpace();
    const ch = this.peek();
    if (ch === '[') return this.readSequence('[', ']');
    if (ch === '(') return this.readSequence('(', ')');
    if (ch === '{') return this.readDict();
    if (ch === "'" || ch === '"') return this.readString(ch);
    const word = /^[-+]?[A-Za-z0-9_.]+/.exec(this.text.slice(this.pos))?.[0];
    if (word === undefined) throw new NotALiteral();
    this.pos += word.length;
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(word)) return Number(word);
    throw new NotALiteral();
  }

  private readSequence(open: string, close: string): unknown[] {
    this.expect(open);
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek() === close) break;
      items.push(this.readValue());
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== close) throw new NotALiteral();
    }
    this.pos++;
    return items;
  }

  private readDict(): { [key: string]: unknown } {
    this.expect('{');
    const dict: { [key: string]: unknown } = {};
    for (;;) {
      this.skipSpace();
      if (this.peek() === '}') break;
      const key = this.readValue();
      if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') throw new NotALiteral();
      this.expect(':');
      dict[String(key)] = this.readValue();
      this.skipSpace();
      if (this.peek() === ',') this.pos++;
      else if (this.peek() !== '}') throw new NotALiteral();
    }
    this.pos++;
    return dict;
  }

  private readString(quote: string): string {
    this.pos++;
    let out = '';
    while (!this.atEnd()) {
      const ch = this.peek();
      this.pos++;
      if (ch === quote) return out;
      if (ch === '\\') {
        const next = this.peek();
        this.pos++;
        out += ESCAPES[next] ?? '\\' + next;
      } else {
        out += ch;
      }
    }
    throw new NotALiteral();
  }
}
