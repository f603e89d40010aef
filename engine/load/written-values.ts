// Readers for written values that tolerate what the schema already rejected: the loader goes on after a
// schema error (to report every problem in one pass), so it must never trust a shape it has not checked.
import type { Condition, YamlMapping, YamlValue } from './types.js';

export type WrittenMapping = { readonly [key: string]: unknown };

export function isMapping(value: unknown): value is WrittenMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

export function optionalBool(value: unknown): boolean | string | undefined {
  return typeof value === 'boolean' || typeof value === 'string' ? value : undefined;
}

export function optionalNumberOrTemplate(value: unknown): number | string | undefined {
  return typeof value === 'number' || typeof value === 'string' ? value : undefined;
}

/** `when: x`, `when: [x, y]` -> a list, ANDed by the executor. */
export function conditions(value: unknown): Condition[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.filter((item): item is Condition => typeof item === 'string' || typeof item === 'boolean');
}

/** `tags: a`, `tags: [a, b]`, `tags: "a, b"`; comma-separated strings are split, as Ansible does for tags. */
export function names(value: unknown, splitCommas = false): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items
    .filter((item) => typeof item === 'string' || typeof item === 'number')
    .flatMap((item) => (splitCommas ? String(item).split(',') : [String(item)]))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function mapping(value: unknown): YamlMapping {
  return isMapping(value) ? (value as YamlMapping) : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function loopItems(value: unknown): YamlValue[] | string | undefined {
  return Array.isArray(value) ? (value as YamlValue[]) : typeof value === 'string' ? value : undefined;
}
