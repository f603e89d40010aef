// Python's view of JSON-like values, which is what Ansible users see through Jinja: how a value prints (str and
// repr), its truth value, equality and ordering, and its type name for error messages. JavaScript's own rules
// differ in ways playbooks notice: `[] ` is truthy in JS, `'1' == 1` is true, `true` prints as "true".
import { LazyMapping } from './lazy-mapping.js';
import { StrictUndefined, UndefinedValueError } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

export const TYPE_MISMATCH_HINT = 'convert one side first, for example with "| int" or "| string"';

export type PlainObject = { [key: string]: unknown };

export function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof LazyMapping) &&
    !(value instanceof StrictUndefined);
}

/** A LazyMapping evaluated into a plain object; any other value unchanged. */
export function plainValue(value: unknown): unknown {
  return value instanceof LazyMapping ? value.materialize() : value;
}

export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  return 'dict';
}

function reprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of text) {
    if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === quote) out += '\\' + ch;
    else out += ch;
  }
  return quote + out + quote;
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value);
}

/** Python's repr(): how a value looks inside a printed list or dict. */
export function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return reprString(value);
  return pythonStr(value);
}

/** Python's str(): what `{{ value }}` prints inside text. */
export function pythonStr(value: unknown): string {
  if (value instanceof StrictUndefined) throw new UndefinedValueError(value);
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return formatNumber(value);
  if (Array.isArray(value)) return '[' + value.map(pythonRepr).join(', ') + ']';
  if (value instanceof LazyMapping) return pythonStr(value.materialize());
  if (typeof value === 'object') {
    const entries = Object.entries(value).map(([key, item]) => `${reprString(key)}: ${pythonRepr(item)}`);
    return '{' + entries.join(', ') + '}';
  }
  return String(value);
}

/** Python's bool(): empty strings, lists and dicts are false, as are 0 and None. */
export function pythonTruthy(value: unknown): boolean {
  if (value instanceof StrictUndefined) throw new UndefinedValueError(value);
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof LazyMapping) return value.keys().length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function isNumeric(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

/** Python's ==: structural for lists and dicts, no string/number coercion, True == 1. */
export function pythonEquals(left: unknown, right: unknown): boolean {
  if (left instanceof StrictUndefined) throw new UndefinedValueError(left);
  if (right instanceof StrictUndefined) throw new UndefinedValueError(right);
  if (isNumeric(left) && isNumeric(right)) return Number(left) === Number(right);
  if (left === null || left === undefined || right === null || right === undefined) {
    return (left === null || left === undefined) && (right === null || right === undefined);
  }
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => pythonEquals(item, right[index]));
  }
  if (typeof left === 'object' && typeof right === 'object') {
    const a = plainValue(left) as PlainObject;
    const b = plainValue(right) as PlainObject;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.hasOwn(b, key) && pythonEquals(a[key], b[key]));
  }
  return left === right;
}

/** Python's ordering (<): numbers with numbers, strings with strings, lists element by element. */
export function pythonCompare(left: unknown, right: unknown, operator: string): number {
  if (left instanceof StrictUndefined) throw new UndefinedValueError(left);
  if (right instanceof StrictUndefined) throw new UndefinedValueError(right);
  if (isNumeric(left) && isNumeric(right)) return Number(left) - Number(right);
  if (typeof left === 'string' && typeof right === 'string') return left < right ? -1 : left > right ? 1 : 0;
  if (Array.isArray(left) && Array.isArray(right)) {
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      if (!pythonEquals(left[i], right[i])) return pythonCompare(left[i], right[i], operator);
    }
    return left.length - right.length;
  }
  throw new TemplateUsageError(
    `'${operator}' not supported between instances of '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`,
    TYPE_MISMATCH_HINT,
  );
}
