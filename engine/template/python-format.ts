// Python's printf-style `'%s-%02d' % (name, n)`, which Ansible playbooks use for names and ports.
import { TemplateUsageError } from './usage-error.js';
import { isPlainObject, pythonRepr, pythonStr } from './python-value.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sdifFeEgGxXorc%])/g;

function pad(text: string, flags: string, width: number | undefined): string {
  if (width === undefined || text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[-+]?\d/.test(text)) {
    const sign = /^[-+]/.test(text) ? (text[0] ?? '') : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function toNumber(value: unknown, type: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  throw new TemplateUsageError(`%${type} format: a real number is required, not ${typeof value === 'string' ? 'str' : 'other'}`);
}

function convert(value: unknown, type: string, flags: string, precision: number | undefined): string {
  const sign = (n: number, text: string) => (n >= 0 && flags.includes('+') ? '+' + text : n >= 0 && flags.includes(' ') ? ' ' + text : text);
  switch (type) {
    case 's':
      return precision === undefined ? pythonStr(value) : pythonStr(value).slice(0, precision);
    case 'r':
      return pythonRepr(value);
    case 'd':
    case 'i': {
      const n = Math.trunc(toNumber(value, type));
      return sign(n, String(n));
    }
    case 'f':
    case 'F': {
      const n = toNumber(value, type);
      return sign(n, n.toFixed(precision ?? 6));
    }
    case 'e':
    case 'E': {
      const n = toNumber(value, type);
      const text = n.toExponential(precision ?? 6).replace(/e([-+])(\d)$/, 'e$10$2');
      return sign(n, type === 'E' ? text.toUpperCase() : text);
    }
    case 'g':
    case 'G': {
      const n = toNumber(value, type);
      return sign(n, String(Number(n.toPrecision(precision ?? 6))));
    }
    case 'x':
    case 'X': {
      const text = Math.trunc(toNumber(value, type)).toString(16);
      return type === 'X' ? text.toUpperCase() : text;
    }
    case 'o':
      return Math.trunc(toNumber(value, type)).toString(8);
    case 'c':
      return typeof value === 'number' ? String.fromCodePoint(value) : pythonStr(value);
    default:
      return '%';
  }
}

export function pythonPercentFormat(format: string, args: unknown): string {
  const positional = Array.isArray(args) ? args : [args];
  const named = isPlainObject(args) ? args : undefined;
  let next = 0;
  const out = format.replace(SPEC, (_match, name: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    let widthValue: number | undefined;
    if (width === '*') widthValue = Number(positional[next++]);
    else if (width !== undefined) widthValue = Number(width);
    let value: unknown;
    if (name !== undefined) {
      if (named === undefined || !(name in named)) throw new TemplateUsageError(`format requires a mapping with key '${name}'`);
      value = named[name];
    } else {
      if (next >= positional.length) throw new TemplateUsageError('not enough arguments for format string');
      value = positional[next++];
    }
    return pad(convert(value, type, flags, precision === undefined ? undefined : Number(precision)), flags, widthValue);
  });
  if (named === undefined && next < positional.length) {
    throw new TemplateUsageError('not all arguments converted during string formatting');
  }
  return out;
}
