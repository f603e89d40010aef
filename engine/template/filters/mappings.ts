// Dict filters: dict2items, items2dict, combine (with recursive= and list_merge=), dictsort.
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { attributePath } from '../member-lookup.js';
import { isPlainObject, plainValue, pythonCompare, pythonTypeName, type PlainObject } from '../python-value.js';
import { requireDefined } from '../undefined.js';
import { TemplateUsageError } from '../usage-error.js';
import { asBoolean, iterate, mappingEntries } from './coerce.js';

const LIST_MERGE_MODES = ['replace', 'keep', 'append', 'prepend', 'append_rp', 'prepend_rp'] as const;
type ListMerge = (typeof LIST_MERGE_MODES)[number];

function mergeLists(left: unknown[], right: unknown[], mode: ListMerge): unknown[] {
  switch (mode) {
    case 'replace': return right;
    case 'keep': return left;
    case 'append': return [...left, ...right];
    case 'prepend': return [...right, ...left];
    case 'append_rp': return [...left.filter((item) => !right.includes(item)), ...right];
    case 'prepend_rp': return [...right, ...left.filter((item) => !right.includes(item))];
  }
}

/** Ansible's merge_hash: keys of `right` win; with `recursive`, dicts under the same key merge too. */
export function mergeDicts(left: PlainObject, right: PlainObject, recursive: boolean, listMerge: ListMerge): PlainObject {
  const merged: PlainObject = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const existing = merged[key];
    if (recursive && isPlainObject(existing) && isPlainObject(value)) {
      merged[key] = mergeDicts(existing, value, recursive, listMerge);
    } else if (Array.isArray(existing) && Array.isArray(value)) {
      merged[key] = mergeLists(existing, value, listMerge);
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

function asDict(value: unknown, filter: string): PlainObject {
  const plain = plainValue(requireDefined(value));
  if (!isPlainObject(plain)) throw new TemplateUsageError(`${filter} expects dictionaries, got ${pythonTypeName(plain)}`);
  return plain;
}

export const mappingFilters: FilterTable = {
  dict2items(input, ...args) {
    const { key_name: keyName = 'key', value_name: valueName = 'value' } = bindArguments('dict2items', args, ['key_name', 'value_name']);
    return mappingEntries(input, 'dict2items').map(([key, value]) => ({ [String(keyName)]: key, [String(valueName)]: value }));
  },
  items2dict(input, ...args) {
    const { key_name: keyName = 'key', value_name: valueName = 'value' } = bindArguments('items2dict', args, ['key_name', 'value_name']);
    const dict: PlainObject = {};
    for (const item of iterate(input, 'items2dict')) {
      const key = attributePath(item, keyName);
      dict[String(requireDefined(key))] = requireDefined(attributePath(item, valueName));
    }
    return dict;
  },
  combine(input, ...args) {
    const keywordStart = args.findIndex((arg) => typeof arg === 'object' && arg !== null && (arg as { __keywords?: unknown }).__keywords === true);
    const dicts = keywordStart < 0 ? args : args.slice(0, keywordStart);
    const { recursive, list_merge: listMerge = 'replace' } = bindArguments('combine', keywordStart < 0 ? [] : args.slice(keywordStart), [
      'recursive',
      'list_merge',
    ]);
    if (!LIST_MERGE_MODES.includes(listMerge as ListMerge)) {
      throw new TemplateUsageError(`combine: list_merge must be one of ${LIST_MERGE_MODES.join(', ')}, got '${String(listMerge)}'`);
    }
    const all = [input, ...dicts].flatMap((item) => (Array.isArray(item) ? item : [item]));
    return all.reduce<PlainObject>(
      (merged, item) => mergeDicts(merged, asDict(item, 'combine'), asBoolean(recursive), listMerge as ListMerge),
      {},
    );
  },
  dictsort(input, ...args) {
    const { case_sensitive: caseSensitive, by = 'key', reverse } = bindArguments('dictsort', args, ['case_sensitive', 'by', 'reverse']);
    const position = by === 'value' ? 1 : 0;
    const fold = (value: unknown) => (typeof value === 'string' && !asBoolean(caseSensitive) ? value.toLowerCase() : value);
    const entries = mappingEntries(input, 'dictsort');
    entries.sort((a, b) => pythonCompare(fold(a[position]), fold(b[position]), '<'));
    return asBoolean(reverse) ? entries.reverse() : entries;
  },
};
