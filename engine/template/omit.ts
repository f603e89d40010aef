// `{{ x | default(omit) }}`: Ansible's way to leave a module argument out. The template yields this marker
// string, and the executor drops every argument whose value is the marker (also inside nested dicts and lists)
// before the module sees them.
export const OMIT_TOKEN = '__omit_place_holder__quorum__';

export function isOmitted(value: unknown): boolean {
  return value === OMIT_TOKEN;
}

/** A copy of `value` without the omitted dict entries and list items, at any depth. */
export function stripOmitted<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((item) => !isOmitted(item)).map(stripOmitted) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const kept: { [key: string]: unknown } = {};
    for (const [key, item] of Object.entries(value)) if (!isOmitted(item)) kept[key] = stripOmitted(item);
    return kept as T;
  }
  return value;
}
