// Typed reads from JSON parsed by parseJsonKeepingBigIntegers (an integer above 2^53 is a marked string or a
// LosslessNumber, never a rounded number), each read naming the key it looked at, so that a bad state file gets "members.members[2].ID: expected ..." instead of a crash.
import { isLosslessNumber } from 'lossless-json';
import { bigIntegerDigits } from './json-big-integers.js';

export type JsonPath = readonly (string | number)[];

/** A parsed JSON object whose keys are not known yet: the raw input before it is checked. */
export interface JsonObject {
  readonly [key: string]: unknown;
}

export interface JsonIssue {
  path: JsonPath;
  message: string;
  hint?: string;
}

/** Collects every problem of one file, so that all of them are reported in one run. */
export type IssueSink = JsonIssue[];

export function formatJsonPath(path: JsonPath): string {
  let text = '';
  for (const part of path) {
    text += typeof part === 'number' ? `[${part}]` : text === '' ? part : `.${part}`;
  }
  return text === '' ? '(top level)' : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  const big = bigIntegerDigits(value);
  if (big !== undefined) return `the number ${big}`;
  if (Array.isArray(value)) return 'a list';
  if (isLosslessNumber(value)) return `the number ${value.value}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

export function readObject(value: unknown, path: JsonPath, sink: IssueSink): JsonObject | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !isLosslessNumber(value)) {
    return value as JsonObject;
  }
  sink.push({ path, message: `expected an object, got ${describe(value)}` });
  return undefined;
}

export function readArray(value: unknown, path: JsonPath, sink: IssueSink): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  sink.push({ path, message: `expected a list, got ${describe(value)}` });
  return undefined;
}

export function readString(value: unknown, path: JsonPath, sink: IssueSink): string | undefined {
  if (typeof value === 'string' && bigIntegerDigits(value) === undefined) return value;
  sink.push({ path, message: `expected a string, got ${describe(value)}` });
  return undefined;
}

export function readStringList(value: unknown, path: JsonPath, sink: IssueSink): string[] | undefined {
  const items = readArray(value, path, sink);
  if (items === undefined) return undefined;
  const strings: string[] = [];
  items.forEach((item, index) => {
    const text = readString(item, [...path, index], sink);
    if (text !== undefined) strings.push(text);
  });
  return strings;
}

export function readBoolean(value: unknown, path: JsonPath, sink: IssueSink): boolean | undefined {
  if (typeof value === 'boolean') return value;
  sink.push({ path, message: `expected true or false, got ${describe(value)}` });
  return undefined;
}

/** The digits of a number however the parser gave it: LosslessNumber, plain number, or string. */
function numberText(value: unknown): string | undefined {
  if (isLosslessNumber(value)) return value.value;
  const big = bigIntegerDigits(value);
  if (big !== undefined) return big;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/**
 * A 64-bit id, kept as its decimal digits. etcdctl prints ids as bare numbers; gRPC gateways print them as
 * strings: both are accepted.
 */
export function readId(value: unknown, path: JsonPath, sink: IssueSink): string | undefined {
  const digits = numberText(value);
  if (digits !== undefined && /^(0|[1-9][0-9]*)$/.test(digits)) return digits;
  sink.push({ path, message: `expected a decimal id, got ${describe(value)}`, hint: 'ids are what etcdctl -w json prints' });
  return undefined;
}

/** A counter such as a raft index: a whole number small enough to be exact in a JavaScript number. */
export function readCount(value: unknown, path: JsonPath, sink: IssueSink): number | undefined {
  const digits = numberText(value);
  const count = digits !== undefined && /^(0|[1-9][0-9]*)$/.test(digits) ? Number(digits) : Number.NaN;
  if (Number.isSafeInteger(count)) return count;
  sink.push({ path, message: `expected a whole number up to 2^53, got ${describe(value)}` });
  return undefined;
}

/** Reads an optional key: absent means the default (etcdctl omits false and empty fields). */
export function readOptional<T>(
  object: JsonObject,
  key: string,
  path: JsonPath,
  sink: IssueSink,
  read: (value: unknown, path: JsonPath, sink: IssueSink) => T | undefined,
): T | undefined {
  return key in object && object[key] !== null ? read(object[key], [...path, key], sink) : undefined;
}

/** Reads a required key: its absence is an issue of its own. */
export function readRequired<T>(
  object: JsonObject,
  key: string,
  path: JsonPath,
  sink: IssueSink,
  read: (value: unknown, path: JsonPath, sink: IssueSink) => T | undefined,
): T | undefined {
  if (!(key in object)) {
    sink.push({ path: [...path, key], message: `the key "${key}" is missing` });
    return undefined;
  }
  return read(object[key], [...path, key], sink);
}

/** A number that may be negative (a margin): a whole number from a LosslessNumber or a plain number. */
export function readInteger(value: unknown, path: JsonPath, sink: IssueSink): number | undefined {
  const number = isLosslessNumber(value) ? Number(value.value) : typeof value === 'number' ? value : Number.NaN;
  // A marked big integer is too large to be a safe integer, so it falls to the issue below.
  if (Number.isSafeInteger(number)) return number;
  sink.push({ path, message: `expected a whole number, got ${describe(value)}` });
  return undefined;
}

/** One of a fixed set of strings. */
export function readChoice<T extends string>(choices: readonly T[]) {
  return (value: unknown, path: JsonPath, sink: IssueSink): T | undefined => {
    if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
    sink.push({ path, message: `expected one of ${choices.join(', ')}, got ${describe(value)}` });
    return undefined;
  };
}
