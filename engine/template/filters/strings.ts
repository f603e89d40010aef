// Text filters: string, lower, upper, capitalize, title, replace, trim, quote, indent, wordcount, split,
// format, safe. Each reads its input as Python's str() would, so `true | string` is "True".
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { pythonPercentFormat } from '../python-format.js';
import { pythonMethod, pythonSplit } from '../python-methods.js';
import { pythonStr } from '../python-value.js';
import { asBoolean, asString } from './coerce.js';

/** Python's shlex.quote: safe words pass through, anything else is single-quoted. */
export function shellQuoteWord(word: string): string {
  if (word === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  return "'" + word.replace(/'/g, `'"'"'`) + "'";
}

function replaceAll(text: string, old: string, replacement: string, count: unknown): string {
  const replace = pythonMethod(text, 'replace');
  return replace ? String(replace(old, replacement, typeof count === 'number' ? count : -1)) : text;
}

export const stringFilters: FilterTable = {
  string: (input) => pythonStr(input),
  lower: (input) => asString(input).toLowerCase(),
  upper: (input) => asString(input).toUpperCase(),
  capitalize: (input) => String(pythonMethod(asString(input), 'capitalize')?.()),
  title: (input) => String(pythonMethod(asString(input), 'title')?.()),
  replace(input, ...args) {
    const { old, new: replacement, count } = bindArguments('replace', args, ['old', 'new', 'count']);
    return replaceAll(asString(input), asString(old), asString(replacement), count);
  },
  trim(input, ...args) {
    const { chars } = bindArguments('trim', args, ['chars']);
    return String(pythonMethod(asString(input), 'strip')?.(chars));
  },
  quote: (input) => shellQuoteWord(asString(input)),
  indent(input, ...args) {
    const { width = 4, first, blank } = bindArguments('indent', args, ['width', 'first', 'blank']);
    const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
    const lines = asString(input).split('\n');
    return lines
      .map((line, index) => {
        if (index === 0 && !asBoolean(first)) return line;
        if (line === '' && !asBoolean(blank)) return line;
        return pad + line;
      })
      .join('\n');
  },
  wordcount: (input) => (asString(input).match(/\w+/g) ?? []).length,
  split(input, ...args) {
    const { sep, maxsplit } = bindArguments('split', args, ['sep', 'maxsplit']);
    return pythonSplit(asString(input), sep, maxsplit);
  },
  format(input, ...args) {
    return pythonPercentFormat(asString(input), args);
  },
  safe: (input) => input,
};
