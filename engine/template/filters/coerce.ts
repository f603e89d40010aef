// Shared input handling for filters: Jinja iterates lists, strings (by character) and dicts (by key); a filter
// given anything else reports its own name and the type it got.
import { LazyMapping } from '../lazy-mapping.js';
import { isPlainObject, pythonStr, pythonTypeName } from '../python-value.js';
import { requireDefined } from '../undefined.js';
import { TemplateUsageError } from '../usage-error.js';

export function iterate(value: unknown, filter: string): unknown[] {
  const input = requireDefined(value);
  if (Array.isArray(input)) return input;
  if (typeof input === 'string') return [...input];
  if (input instanceof LazyMapping) return input.keys();
  if (isPlainObject(input)) return Object.keys(input);
  throw new TemplateUsageError(`${filter}: '${pythonTypeName(input)}' object is not iterable (got ${pythonStr(input)})`);
}

export function mappingEntries(value: unknown, filter: string): [string, unknown][] {
  const input = requireDefined(value);
  if (input instanceof LazyMapping) return input.keys().map((key) => [key, input.get(key)]);
  if (isPlainObject(input)) return Object.entries(input);
  throw new TemplateUsageError(`${filter} expects a dict, got ${pythonTypeName(input)}`);
}

export function asString(value: unknown): string {
  return pythonStr(value);
}

export function asBoolean(value: unknown): boolean {
  return value !== undefined && value !== null && value !== false && value !== 0 && value !== '';
}
