// The values an inventory can hold: what YAML, JSON and INI (Python literals) produce, once read.
export type InventoryValue = string | number | boolean | null | InventoryValue[] | InventoryMapping;

export interface InventoryMapping {
  [key: string]: InventoryValue;
}

/** Variables of one host or group, in the order they were set. */
export type VarMap = Map<string, InventoryValue>;

export function isMapping(value: unknown): value is InventoryMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How Python (and so ansible-inventory) names a value's type in messages: users compare with Ansible's wording. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a number';
}

/** Sets a key as its own property, so that a variable named `__proto__` stays a variable. */
export function setKey(target: InventoryMapping, key: string, value: InventoryValue): void {
  // defineProperty is several times slower than assignment; only `__proto__` needs it.
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** Copies every key of `source` over `target`: Ansible's default `replace` hash behaviour, top level only. */
export function assignVars(target: InventoryMapping, source: Iterable<[string, InventoryValue]> | InventoryMapping): void {
  const entries = Symbol.iterator in source ? (source as Iterable<[string, InventoryValue]>) : Object.entries(source);
  for (const [key, value] of entries) setKey(target, key, value);
}
