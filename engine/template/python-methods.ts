// Jinja exposes Python's own methods on values, and Ansible playbooks call them: `x.split(',')`,
// `name.startswith('etcd')`, `d.get('k', 'default')`, `d.items()`. This is the subset SREs use, looked up by
// the receiver's Python type. A method is returned bound to its receiver, ready for the template to call.
import { LazyMapping } from './lazy-mapping.js';
import { pythonEquals, pythonStr, type PlainObject } from './python-value.js';
import { TemplateUsageError } from './usage-error.js';

type Method = (...args: unknown[]) => unknown;

function text(value: unknown, method: string): string {
  if (typeof value !== 'string') throw new TemplateUsageError(`str.${method}() needs a string argument, got ${pythonStr(value)}`);
  return value;
}

function splitWhitespace(value: string, maxsplit: number): string[] {
  const parts: string[] = [];
  let rest = value.trimStart();
  while (rest.length > 0) {
    if (maxsplit >= 0 && parts.length === maxsplit) {
      parts.push(rest);
      break;
    }
    const match = /\s+/.exec(rest);
    if (!match) {
      parts.push(rest);
      break;
    }
    parts.push(rest.slice(0, match.index));
    rest = rest.slice(match.index + match[0].length);
  }
  return parts;
}

export function pythonSplit(value: string, separator: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' ? maxsplit : -1;
  if (separator === undefined || separator === null) return splitWhitespace(value, limit);
  const sep = text(separator, 'split');
  if (sep === '') throw new TemplateUsageError('empty separator');
  const parts = value.split(sep);
  if (limit < 0 || parts.length <= limit + 1) return parts;
  return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
}

function stripChars(value: string, chars: unknown, start: boolean, end: boolean): string {
  if (chars === undefined || chars === null) {
    return start && end ? value.trim() : start ? value.trimStart() : value.trimEnd();
  }
  const set = text(chars, 'strip');
  let from = 0;
  let to = value.length;
  while (start && from < to && set.includes(value[from] ?? '')) from++;
  while (end && to > from && set.includes(value[to - 1] ?? '')) to--;
  return value.slice(from, to);
}

function prefixMatches(value: string, prefix: unknown, test: (p: string) => boolean): boolean {
  const options = Array.isArray(prefix) ? prefix : [prefix];
  return options.some((option) => test(text(option, 'startswith')));
}

function formatBraces(template: string, args: unknown[]): string {
  let next = 0;
  return template.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (match, field: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = field === undefined || field === '' ? next++ : Number(field);
    return pythonStr(args[key]);
  });
}

function stringMethods(value: string): { [name: string]: Method } {
  return {
    split: (sep, maxsplit) => pythonSplit(value, sep, maxsplit),
    rsplit: (sep, maxsplit) => {
      if (typeof maxsplit !== 'number' || maxsplit < 0) return pythonSplit(value, sep, maxsplit);
      const reversed = pythonSplit([...value].reverse().join(''), typeof sep === 'string' ? [...sep].reverse().join('') : sep, maxsplit);
      return reversed.map((part) => [...part].reverse().join('')).reverse();
    },
    splitlines: () => value.split(/\r\n|\r|\n/).filter((line, index, all) => index < all.length - 1 || line !== ''),
    strip: (chars) => stripChars(value, chars, true, true),
    lstrip: (chars) => stripChars(value, chars, true, false),
    rstrip: (chars) => stripChars(value, chars, false, true),
    startswith: (prefix) => prefixMatches(value, prefix, (p) => value.startsWith(p)),
    endswith: (suffix) => prefixMatches(value, suffix, (p) => value.endsWith(p)),
    lower: () => value.toLowerCase(),
    upper: () => value.toUpperCase(),
    title: () => value.replace(/[A-Za-z]+/g, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase()),
    capitalize: () => (value ? value[0]!.toUpperCase() + value.slice(1).toLowerCase() : value),
    replace: (old, replacement, count) => {
      const parts = value.split(text(old, 'replace'));
      const limit = typeof count === 'number' && count >= 0 ? count : parts.length;
      return parts.reduce((acc, part, index) => (index === 0 ? part : acc + (index <= limit ? text(replacement, 'replace') : text(old, 'replace')) + part), '');
    },
    find: (needle) => value.indexOf(text(needle, 'find')),
    count: (needle) => value.split(text(needle, 'count')).length - 1,
    join: (items) => {
      if (!Array.isArray(items)) throw new TemplateUsageError('str.join() needs a list');
      return items.map((item) => text(item, 'join')).join(value);
    },
    format: (...args) => formatBraces(value, args),
    isdigit: () => /^\d+$/.test(value),
    isalpha: () => /^[A-Za-z]+$/.test(value),
    isalnum: () => /^[A-Za-z0-9]+$/.test(value),
    zfill: (width) => value.padStart(Number(width), '0'),
  };
}

function dictMethods(value: PlainObject | LazyMapping): { [name: string]: Method } {
  const keys = () => (value instanceof LazyMapping ? value.keys() : Object.keys(value));
  const get = (key: string) => (value instanceof LazyMapping ? value.get(key) : value[key]);
  const has = (key: string) => (value instanceof LazyMapping ? value.has(key) : Object.hasOwn(value, key));
  return {
    get: (key, fallback = null) => (has(String(key)) ? get(String(key)) : fallback),
    keys: () => keys(),
    values: () => keys().map(get),
    items: () => keys().map((key) => [key, get(key)]),
    copy: () => (value instanceof LazyMapping ? value.materialize() : { ...value }),
  };
}

function listMethods(value: unknown[]): { [name: string]: Method } {
  return {
    index: (item) => {
      const position = value.findIndex((candidate) => pythonEquals(candidate, item));
      if (position < 0) throw new TemplateUsageError(`${pythonStr(item)} is not in list`);
      return position;
    },
    count: (item) => value.filter((candidate) => pythonEquals(candidate, item)).length,
  };
}

/** The Python method `name` of `receiver`, bound, or undefined when its type has no such method. */
export function pythonMethod(receiver: unknown, name: string): Method | undefined {
  let methods: { [name: string]: Method };
  if (typeof receiver === 'string') methods = stringMethods(receiver);
  else if (Array.isArray(receiver)) methods = listMethods(receiver);
  else if (receiver instanceof LazyMapping || (typeof receiver === 'object' && receiver !== null)) {
    methods = dictMethods(receiver as PlainObject | LazyMapping);
  } else return undefined;
  return Object.hasOwn(methods, name) ? methods[name] : undefined;
}
