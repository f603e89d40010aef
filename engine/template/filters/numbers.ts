// int, float, abs, round with Jinja's rules: a value that does not convert gives the default (0), never NaN.
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { pythonTypeName } from '../python-value.js';
import { TemplateUsageError } from '../usage-error.js';

const BASE_PREFIX: { [base: number]: RegExp } = { 16: /^0x/i, 8: /^0o/i, 2: /^0b/i };

function parseInteger(text: string, base: number): number | undefined {
  let digits = text.trim().replace(/_/g, '');
  const sign = digits.startsWith('-') ? -1 : 1;
  digits = digits.replace(/^[-+]/, '');
  const prefix = BASE_PREFIX[base];
  if (prefix) digits = digits.replace(prefix, '');
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, base);
  if (digits === '' || ![...digits.toLowerCase()].every((ch) => alphabet.includes(ch))) return undefined;
  return sign * parseInt(digits, base);
}

function parseFloatStrict(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) return undefined;
  return Number(trimmed);
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(value: number, precision: number): number {
  const factor = 10 ** precision;
  const scaled = value * factor;
  const floor = Math.floor(scaled);
  const diff = scaled - floor;
  const rounded = Math.abs(diff - 0.5) < 1e-9 ? (floor % 2 === 0 ? floor : floor + 1) : Math.round(scaled);
  return rounded / factor;
}

export const numberFilters: FilterTable = {
  int(input, ...args) {
    const { default: fallback = 0, base = 10 } = bindArguments('int', args, ['default', 'base']);
    if (typeof input === 'boolean') return input ? 1 : 0;
    if (typeof input === 'number') return Math.trunc(input);
    if (typeof input === 'string') {
      const integer = parseInteger(input, Number(base));
      if (integer !== undefined) return integer;
      const real = parseFloatStrict(input);
      if (real !== undefined) return Math.trunc(real);
    }
    return fallback;
  },
  float(input, ...args) {
    const { default: fallback = 0 } = bindArguments('float', args, ['default']);
    if (typeof input === 'boolean') return input ? 1 : 0;
    if (typeof input === 'number') return input;
    if (typeof input === 'string') return parseFloatStrict(input) ?? fallback;
    return fallback;
  },
  abs(input) {
    if (typeof input !== 'number') throw new TemplateUsageError(`bad operand type for abs(): '${pythonTypeName(input)}'`);
    return Math.abs(input);
  },
  round(input, ...args) {
    const { precision = 0, method = 'common' } = bindArguments('round', args, ['precision', 'method']);
    if (typeof input !== 'number') throw new TemplateUsageError(`round: expected a number, got ${pythonTypeName(input)}`);
    const digits = Number(precision);
    const factor = 10 ** digits;
    if (method === 'ceil') return Math.ceil(input * factor) / factor;
    if (method === 'floor') return Math.floor(input * factor) / factor;
    if (method !== 'common') throw new TemplateUsageError(`round: method must be 'common', 'ceil' or 'floor', got '${String(method)}'`);
    return roundHalfEven(input, digits);
  },
};
