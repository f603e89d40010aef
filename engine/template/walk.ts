// Ansible templates a value by walking it: every string in it (dict keys too) is a template, lists and dicts
// are rebuilt, everything else is returned as is. Lazy mappings (hostvars, vars) are left alone.
import { isPlainObject } from './python-value.js';

export function walkStrings(value: unknown, templateString: (text: string) => unknown): unknown {
  if (typeof value === 'string') return templateString(value);
  if (Array.isArray(value)) return value.map((item) => walkStrings(item, templateString));
  if (isPlainObject(value)) {
    const out: { [key: string]: unknown } = {};
    for (const [key, item] of Object.entries(value)) out[String(templateString(key))] = walkStrings(item, templateString);
    return out;
  }
  return value;
}
