// Ansible's free-form module arguments: `copy: src=a dest=b` or `shell: echo "{{ x }}" > /tmp/y`.
// Words are split on blanks, but never inside quotes or inside Jinja's {{ }}, {% %} and {# #}, so that
// templates stay whole. A `key=value` word becomes an argument; other words are the "raw params" that
// command/shell/raw run as their command line.

export interface ArgWord {
  text: string;
  /** The blanks before the word, to join raw words back as written (newlines kept, as Ansible does). */
  before: string;
}

/** Splits an argument string into words; throws nothing: an unclosed quote ends at the end of the text. */
export interface SplitArgs {
  words: ArgWord[];
  /** The blanks after the last word. */
  trailing: string;
  unclosed?: 'quote' | 'template';
}

/** Splits on spaces and newlines only (a tab is part of a word, as in Ansible's split_args). */
export function splitArgs(text: string): SplitArgs {
  const words: ArgWord[] = [];
  let current = '';
  let before = '';
  let quote: string | undefined;
  let jinjaDepth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const pair = text.slice(i, i + 2);
    if (!quote && (pair === '{{' || pair === '{%' || pair === '{#')) {
      jinjaDepth++;
      current += pair;
      i++;
      continue;
    }
    if (!quote && jinjaDepth > 0 && (pair === '}}' || pair === '%}' || pair === '#}')) {
      jinjaDepth--;
      current += pair;
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote && text[i - 1] !== '\\') quote = undefined;
      current += ch;
      continue;
    }
    if (jinjaDepth === 0 && (ch === '"' || ch === "'")) {
      quote = ch;
      current += ch;
      continue;
    }
    if (jinjaDepth === 0 && (ch === ' ' || ch === '\n')) {
      if (current !== '') {
        words.push({ text: current, before });
        current = '';
        before = '';
      }
      before += ch;
      continue;
    }
    current += ch;
  }
  if (current !== '') words.push({ text: current, before });
  const trailing = current === '' ? before : '';
  const unclosed = quote ? 'quote' : jinjaDepth > 0 ? 'template' : undefined;
  return unclosed ? { words, trailing, unclosed } : { words, trailing };
}

/** `"a b"` -> `a b`: one pair of matching outer quotes removed, as Ansible's unquote does. */
export function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

/** The arguments command/shell accept inline beside their command line (Ansible's list). */
const rawModuleInlineArgs = new Set(['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends']);

export interface ParsedFreeForm {
  args: Record<string, string>;
  unclosed?: 'quote' | 'template';
}

/**
 * Parses free-form arguments. With `rawCommand` (command, shell, raw) only the few inline options are taken
 * as key=value; every other word, `=` or not, is part of `_raw_params`, the command line.
 */
export function parseFreeForm(text: string, rawCommand: boolean): ParsedFreeForm {
  const { words, trailing, unclosed } = splitArgs(text);
  const args: Record<string, string> = {};
  const raw: RawWord[] = [];
  for (const [index, word] of words.entries()) {
    const after = words[index + 1]?.before ?? trailing;
    const eq = findUnescapedEquals(word.text);
    if (eq === undefined) {
      raw.push({ text: word.text.replace(/\\=/g, '='), after, indent: indentOf(word.before), last: index === words.length - 1 });
      continue;
    }
    const key = word.text.slice(0, eq).trim();
    if (rawCommand && !rawModuleInlineArgs.has(key)) {
      raw.push({ text: word.text, after, indent: indentOf(word.before), last: index === words.length - 1 });
      continue;
    }
    args[key] = unquote(word.text.slice(eq + 1).trim());
  }
  if (raw.length > 0) args._raw_params = joinRawWords(raw);
  return unclosed ? { args, unclosed } : { args };
}

// A key is a plain name right before the first `=`; `msg="a=b"` is the key msg, `a\\=b` and `"x=y"` are raw words.
function findUnescapedEquals(word: string): number | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(word);
  return match ? match[1]!.length : undefined;
}

interface RawWord {
  text: string;
  /** The blanks after the word in the written text. */
  after: string;
  /** The spaces that start the word's line, when it starts one. */
  indent: string;
  /** The last word of the text: its trailing blanks are kept. */
  last: boolean;
}

function indentOf(before: string): string {
  const lastNewline = before.lastIndexOf('\n');
  return lastNewline >= 0 ? before.slice(lastNewline + 1) : '';
}

// Rebuilds the command line as Ansible's join_args does: blanks between kept words stay as written (a run of
// spaces, newlines, the indentation of a line), and a word that was an option leaves no gap behind.
function joinRawWords(words: readonly RawWord[]): string {
  let result = '';
  for (const word of words) {
    if (result === '') result = word.text;
    else result += (result.endsWith('\n') ? word.indent : ' ') + word.text;
    const lastNewline = word.after.lastIndexOf('\n');
    if (lastNewline >= 0) result += word.after.slice(0, lastNewline + 1);
    else result += word.last ? word.after : word.after.slice(1);
  }
  return result;
}
