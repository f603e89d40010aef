// regex_replace, regex_search, regex_findall, regex_escape with Python's `re` syntax translated to JavaScript:
// `(?P<name>...)` groups, `\1` / `\g<name>` in replacements, ignorecase= and multiline= flags.
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { asBoolean, asString } from './coerce.js';
import { TemplateUsageError } from '../usage-error.js';

export function pythonRegex(pattern: unknown, flags: { ignorecase?: unknown; multiline?: unknown }, global: boolean): RegExp {
  const source = asString(pattern).replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  const flagText = (global ? 'g' : '') + (asBoolean(flags.ignorecase) ? 'i' : '') + (asBoolean(flags.multiline) ? 'm' : '');
  try {
    return new RegExp(source, flagText);
  } catch (error) {
    throw new TemplateUsageError(`invalid regular expression '${asString(pattern)}': ${(error as Error).message}`);
  }
}

/** Python replacement syntax (`\1`, `\g<1>`, `\g<name>`) to JavaScript's (`$1`, `$<name>`). */
function pythonReplacement(replacement: string): string {
  return replacement.replace(/\$/g, '$$$$').replace(/\\g<(\d+)>|\\g<(\w+)>|\\(\d+)|\\\\/g, (match, gnum: string | undefined, gname: string | undefined, num: string | undefined) => {
    if (gnum !== undefined) return '$' + gnum;
    if (gname !== undefined) return '$<' + gname + '>';
    if (num !== undefined) return '$' + num;
    return '\\';
  });
}

/** The group references regex_search takes after the pattern: '\\1' or '\\g<name>'. */
function groupReference(reference: unknown): number | string {
  const text = asString(reference);
  const match = /^\\(?:(\d+)|g<(\w+)>)$/.exec(text);
  if (!match) throw new TemplateUsageError(`regex_search: unknown group reference '${text}' (use '\\\\1' or '\\\\g<name>')`);
  return match[1] !== undefined ? Number(match[1]) : (match[2] as string);
}

export const regexFilters: FilterTable = {
  regex_replace(input, ...args) {
    const { pattern = '', replacement = '', ignorecase, multiline, count = 0 } = bindArguments('regex_replace', args, [
      'pattern',
      'replacement',
      'ignorecase',
      'multiline',
      'count',
    ]);
    const regex = pythonRegex(pattern, { ignorecase, multiline }, true);
    const jsReplacement = pythonReplacement(asString(replacement));
    const limit = Number(count);
    if (!limit) return asString(input).replace(regex, jsReplacement);
    let done = 0;
    return asString(input).replace(regex, (...match) => {
      if (done++ >= limit) return String(match[0]);
      return String(match[0]).replace(new RegExp(regex.source, regex.flags.replace('g', '')), jsReplacement);
    });
  },
  regex_search(input, ...args) {
    const [pattern, ...rest] = args;
    const references = rest.filter((arg) => typeof arg === 'string');
    const keywords = rest.filter((arg) => typeof arg !== 'string');
    const { ignorecase, multiline } = bindArguments('regex_search', keywords, ['ignorecase', 'multiline']);
    const match = pythonRegex(pattern, { ignorecase, multiline }, false).exec(asString(input));
    if (!match) return null;
    if (references.length === 0) return match[0];
    return references.map((reference) => {
      const group = groupReference(reference);
      return typeof group === 'number' ? (match[group] ?? null) : (match.groups?.[group] ?? null);
    });
  },
  regex_findall(input, ...args) {
    const { regex: pattern, ignorecase, multiline } = bindArguments('regex_findall', args, ['regex', 'ignorecase', 'multiline']);
    const matches = [...asString(input).matchAll(pythonRegex(pattern, { ignorecase, multiline }, true))];
    return matches.map((match) => (match.length === 1 ? match[0] : match.length === 2 ? match[1] : match.slice(1)));
  },
  regex_escape: (input) => asString(input).replace(/[^A-Za-z0-9_]/g, (ch) => '\\' + ch),
};
