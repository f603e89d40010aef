// A mapping whose values are computed when read: `hostvars` (each host's variables templated for that host on
// access) and `vars` (the current scope). Templates see it as a dict; only the keys that are read get evaluated.
export abstract class LazyMapping {
  abstract keys(): string[];
  abstract has(key: string): boolean;
  /** The value of `key`, templated; `undefined` when there is no such key. */
  abstract get(key: string): unknown;

  /**
   * Every value evaluated, deeply, into plain data: used when a whole mapping is printed, serialized or given
   * to a filter. A mapping met again inside itself (a host's `hostvars`) becomes a marker, not an endless loop.
   */
  materialize(active: Set<LazyMapping> = new Set()): { [key: string]: unknown } {
    active.add(this);
    const plain: { [key: string]: unknown } = {};
    try {
      for (const key of this.keys()) plain[key] = deepPlain(this.get(key), active);
    } finally {
      active.delete(this);
    }
    return plain;
  }

  toJSON(): { [key: string]: unknown } {
    return this.materialize();
  }
}

export const RECURSIVE_MAPPING = '<recursive reference>';

function deepPlain(value: unknown, active: Set<LazyMapping>): unknown {
  if (value instanceof LazyMapping) return active.has(value) ? RECURSIVE_MAPPING : value.materialize(active);
  if (Array.isArray(value)) return value.map((item) => deepPlain(item, active));
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const plain: { [key: string]: unknown } = {};
    for (const [key, item] of Object.entries(value)) plain[key] = deepPlain(item, active);
    return plain;
  }
  return value;
}
