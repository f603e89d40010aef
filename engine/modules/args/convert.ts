import type { JsonValue } from '../types.js';
import type { ArgOption } from './spec.js';

// Ansible converts argument values to their declared type (a YAML `yes`, a free-form `k=v` string) before a
// module sees them. These converters do the same and say, in Ansible's words, why a value cannot be converted.

const trueWords = ['y', 'yes', 'on', '1', 'true', 't'];
const falseWords = ['n', 'no', 'off', '0', 'false', 'f'];

export type Converted = { ok: true; value: JsonValue } | { ok: false; reason: string };

/** Python's type names, so that messages read as Ansible's do. */
function pythonType(value: JsonValue): string {
  if (value === null) return "<class 'NoneType'>";
  if (typeof value === 'string') return "<class 'str'>";
  if (typeof value === 'boolean') return "<class 'bool'>";
  if (typeof value === 'number') return Number.isInteger(value) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(value)) return "<class 'list'>";
  return "<class 'dict'>";
}

function failure(name: string, value: JsonValue, target: string, detail: string): Converted {
  return {
    ok: false,
    reason: `argument '${name}' is of type ${pythonType(value)} and we were unable to convert to ${target}: ${detail}`,
  };
}

function toBool(name: string, value: JsonValue): Converted {
  if (typeof value === 'boolean') return { ok: true, value };
  const word = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.toLowerCase() : undefined;
  if (word !== undefined && trueWords.includes(word)) return { ok: true, value: true };
  if (word !== undefined && falseWords.includes(word)) return { ok: true, value: false };
  return failure(name, value, 'bool', `The value '${String(value)}' is not a valid boolean.`);
}

function toNumber(name: string, value: JsonValue, integer: boolean): Converted {
  const target = integer ? 'int' : 'float';
  if (typeof value === 'number' && (!integer || Number.isInteger(value))) return { ok: true, value };
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    if (Number.isFinite(parsed) && (!integer || Number.isInteger(parsed))) return { ok: true, value: parsed };
  }
  return failure(name, value, target, `${pythonType(value)} cannot be converted to an ${target}`);
}

function toStr(name: string, value: JsonValue): Converted {
  if (typeof value === 'string') return { ok: true, value };
  if (typeof value === 'number' || typeof value === 'boolean') return { ok: true, value: String(value) };
  return failure(name, value, 'str', `${pythonType(value)} cannot be converted to a str`);
}

function toList(name: string, value: JsonValue, elements: ArgOption['elements']): Converted {
  let items: JsonValue[];
  if (Array.isArray(value)) items = value;
  else if (typeof value === 'string') items = value === '' ? [] : value.split(',').map((s) => s.trim());
  else if (typeof value === 'number' || typeof value === 'boolean') items = [String(value)];
  else return failure(name, value, 'list', `${pythonType(value)} cannot be converted to a list`);
  if (elements !== 'str') return { ok: true, value: items };
  const strings: string[] = [];
  for (const item of items) {
    const converted = toStr(name, item);
    if (!converted.ok) return converted;
    strings.push(converted.value as string);
  }
  return { ok: true, value: strings };
}

function toDict(name: string, value: JsonValue): Converted {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value };
  return failure(name, value, 'dict', `${pythonType(value)} cannot be converted to a dict`);
}

function toMode(name: string, value: JsonValue): Converted {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && value >= 0)) {
    return { ok: true, value };
  }
  return failure(name, value, 'mode', 'a mode is an octal string such as "0644", a number, or symbolic such as "u+x"');
}

/** Converts one argument's value to the option's declared type. */
export function convertArg(name: string, option: ArgOption, value: JsonValue): Converted {
  switch (option.type) {
    case 'bool':
      return toBool(name, value);
    case 'int':
      return toNumber(name, value, true);
    case 'float':
      return toNumber(name, value, false);
    case 'str':
    case 'path':
      return toStr(name, value);
    case 'list':
      return toList(name, value, option.elements);
    case 'dict':
      return toDict(name, value);
    case 'mode':
      return toMode(name, value);
    case 'raw':
      return { ok: true, value };
  }
}
