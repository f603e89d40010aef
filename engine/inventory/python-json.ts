// ansible-inventory prints with Python's json.dumps(sort_keys=True, indent=4, ensure_ascii=False). JSON.stringify
// differs in key order (it keeps insertion order) and in non-finite numbers, so we print the same text ourselves.

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function numberText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return JSON.stringify(value);
}

function write(value: unknown, indent: string, out: string[]): void {
  if (value === null || value === undefined) {
    out.push('null');
  } else if (typeof value === 'number') {
    out.push(numberText(value));
  } else if (typeof value === 'string' || typeof value === 'boolean') {
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    if (value.length === 0) return void out.push('[]');
    const inner = indent + '    ';
    out.push('[\n');
    value.forEach((item, i) => {
      out.push(inner);
      write(item, inner, out);
      out.push(i < value.length - 1 ? ',\n' : '\n');
    });
    out.push(indent + ']');
  } else {
    const keys = Object.keys(value).sort(compareKeys);
    if (keys.length === 0) return void out.push('{}');
    const inner = indent + '    ';
    out.push('{\n');
    keys.forEach((key, i) => {
      out.push(inner, JSON.stringify(key), ': ');
      write((value as { [key: string]: unknown })[key], inner, out);
      out.push(i < keys.length - 1 ? ',\n' : '\n');
    });
    out.push(indent + '}');
  }
}

/** A copy with every mapping's keys in Python's order; undefined when a number is not finite. */
function sortedCopy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map(sortedCopy);
    return items.some((item, i) => item === undefined && value[i] !== undefined) ? undefined : items;
  }
  const copy: { [key: string]: unknown } = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const item = sortedCopy((value as { [key: string]: unknown })[key]);
    if (item === undefined) return undefined;
    Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

/** The text Python's json.dumps(value, sort_keys=True, indent=4, ensure_ascii=False) gives. */
export function pythonJson(value: unknown): string {
  // JSON.stringify with sorted keys prints the same text, much faster, unless a number is NaN or infinite.
  const sorted = sortedCopy(value);
  if (sorted !== undefined || value === undefined) return JSON.stringify(sorted ?? null, null, 4);
  const out: string[] = [];
  write(value, '', out);
  return out.join('');
}
