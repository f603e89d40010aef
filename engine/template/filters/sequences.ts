// List filters: length/count, first, last, min, max, sum, list, unique, sort, reverse, join, flatten, zip,
// zip_longest. Ordering uses Python's comparison, and strings compare case-insensitively unless
// case_sensitive=true, as in Jinja.
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { LazyMapping } from '../lazy-mapping.js';
import { attributePath } from '../member-lookup.js';
import { isPlainObject, pythonCompare, pythonEquals, pythonStr, pythonTypeName } from '../python-value.js';
import { requireDefined, StrictUndefined } from '../undefined.js';
import { TemplateUsageError } from '../usage-error.js';
import { asBoolean, iterate } from './coerce.js';

type KeyOf = (item: unknown) => unknown;

function sortKey(attribute: unknown, caseSensitive: unknown): KeyOf {
  const attributes = attribute === undefined || attribute === null ? [] : String(attribute).split(',');
  const fold = (value: unknown) => (typeof value === 'string' && !asBoolean(caseSensitive) ? value.toLowerCase() : value);
  if (attributes.length === 0) return fold;
  if (attributes.length === 1) return (item) => fold(requireDefined(attributePath(item, attributes[0])));
  return (item) => attributes.map((name) => fold(requireDefined(attributePath(item, name))));
}

function extreme(input: unknown, args: unknown[], filter: 'min' | 'max'): unknown {
  const { case_sensitive: caseSensitive, attribute } = bindArguments(filter, args, ['case_sensitive', 'attribute']);
  const items = iterate(input, filter);
  if (items.length === 0) return null;
  const key = sortKey(attribute, caseSensitive);
  const sign = filter === 'min' ? 1 : -1;
  return items.reduce((best, item) => (sign * pythonCompare(key(item), key(best), filter) < 0 ? item : best));
}

/** Unique by Python equality, first occurrence kept. */
export function uniqueItems(items: readonly unknown[], key: KeyOf = (item) => item): unknown[] {
  const kept: unknown[] = [];
  const keys: unknown[] = [];
  for (const item of items) {
    const itemKey = key(item);
    if (!keys.some((seen) => pythonEquals(seen, itemKey))) {
      keys.push(itemKey);
      kept.push(item);
    }
  }
  return kept;
}

function flatten(items: readonly unknown[], levels: number | undefined, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const item of items) {
    if (item === null && skipNulls) continue;
    if (Array.isArray(item) && (levels === undefined || levels > 0)) {
      out.push(...flatten(item, levels === undefined ? undefined : levels - 1, skipNulls));
    } else {
      out.push(item);
    }
  }
  return out;
}

export const sequenceFilters: FilterTable = {
  length(input) {
    const value = requireDefined(input);
    if (typeof value === 'string' || Array.isArray(value)) return value.length;
    if (value instanceof LazyMapping) return value.keys().length;
    if (isPlainObject(value)) return Object.keys(value).length;
    throw new TemplateUsageError(`object of type '${pythonTypeName(value)}' has no len()`);
  },
  first(input) {
    const items = iterate(input, 'first');
    return items.length ? items[0] : new StrictUndefined('No first item, sequence was empty.');
  },
  last(input) {
    const items = iterate(input, 'last');
    return items.length ? items[items.length - 1] : new StrictUndefined('No last item, sequence was empty.');
  },
  min: (input, ...args) => extreme(input, args, 'min'),
  max: (input, ...args) => extreme(input, args, 'max'),
  sum(input, ...args) {
    const { attribute, start = 0 } = bindArguments('sum', args, ['attribute', 'start']);
    const items = iterate(input, 'sum').map((item) => (attribute === undefined ? item : attributePath(item, attribute)));
    return items.reduce<number>((total, item) => {
      if (typeof item !== 'number' && typeof item !== 'boolean') {
        throw new TemplateUsageError(`sum: unsupported operand type(s) for +: 'int' and '${pythonTypeName(item)}'`);
      }
      return total + Number(item);
    }, Number(start));
  },
  list: (input) => [...iterate(input, 'list')],
  unique(input, ...args) {
    const { case_sensitive: caseSensitive, attribute } = bindArguments('unique', args, ['case_sensitive', 'attribute']);
    return uniqueItems(iterate(input, 'unique'), sortKey(attribute, caseSensitive));
  },
  sort(input, ...args) {
    const { reverse, case_sensitive: caseSensitive, attribute } = bindArguments('sort', args, [
      'reverse',
      'case_sensitive',
      'attribute',
    ]);
    const key = sortKey(attribute, caseSensitive);
    const keyed = iterate(input, 'sort').map((item) => ({ item, key: key(item) }));
    keyed.sort((a, b) => pythonCompare(a.key, b.key, '<'));
    if (asBoolean(reverse)) keyed.reverse();
    return keyed.map(({ item }) => item);
  },
  reverse(input) {
    if (typeof input === 'string') return [...input].reverse().join('');
    return [...iterate(input, 'reverse')].reverse();
  },
  join(input, ...args) {
    const { d: separator = '', attribute } = bindArguments('join', args, ['d', 'attribute']);
    const items = iterate(input, 'join').map((item) => (attribute === undefined ? item : attributePath(item, attribute)));
    return items.map(pythonStr).join(pythonStr(separator));
  },
  flatten(input, ...args) {
    const { levels, skip_nulls: skipNulls = true } = bindArguments('flatten', args, ['levels', 'skip_nulls']);
    return flatten(iterate(input, 'flatten'), typeof levels === 'number' ? levels : undefined, asBoolean(skipNulls));
  },
  zip(input, ...others) {
    const lists = [iterate(input, 'zip'), ...others.map((other) => iterate(other, 'zip'))];
    const length = Math.min(...lists.map((list) => list.length));
    return Array.from({ length }, (_, index) => lists.map((list) => list[index]));
  },
  zip_longest(input, ...args) {
    const { fillvalue = null } = bindArguments('zip_longest', args.filter((arg) => !Array.isArray(arg)), ['fillvalue']);
    const lists = [iterate(input, 'zip_longest'), ...args.filter(Array.isArray)];
    const length = Math.max(...lists.map((list) => list.length));
    return Array.from({ length }, (_, index) => lists.map((list) => (index < list.length ? list[index] : fillvalue)));
  },
};
