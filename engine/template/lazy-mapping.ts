// A mapping whose values are computed when read: `hostvars` (each host's variables templated for that host on
// access) and `vars` (the current scope). Templates see it as a dict; only the keys that are read get evaluated.
export abstract class LazyMapping {
  abstract keys(): string[];
  abstract has(key: string): boolean;
  /** The value of `key`, templated; `undefined` when there is no such key. */
  abstract get(key: string): unknown;

  /** Every value evaluated: used when a whole mapping is printed, serialized or passed to a filter. */
  materialize(): { [key: string]: unknown } {
    const plain: { [key: string]: unknown } = {};
    for (const key of this.keys()) plain[key] = this.get(key);
    return plain;
  }

  toJSON(): { [key: string]: unknown } {
    return this.materialize();
  }
}
