// Functions and constants a template can call by name: range() and dict() as in Python, the lookups, and omit.
import type { GlobalFunction } from './callables.js';
import { splitArguments } from './kwargs.js';
import { lookupGlobals } from './lookups.js';
import { OMIT_TOKEN } from './omit.js';
import { TemplateUsageError } from './usage-error.js';

const range: GlobalFunction = (...args) => {
  const numbers = args.map(Number);
  const [start, stop, step] = numbers.length === 1 ? [0, numbers[0] ?? 0, 1] : [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 1];
  if (step === 0) throw new TemplateUsageError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
};

const dict: GlobalFunction = (...args) => {
  const { positional, keywords } = splitArguments(args);
  const pairs = positional.flatMap((arg) => (Array.isArray(arg) ? arg : []));
  return { ...Object.fromEntries(pairs.filter(Array.isArray).map((pair) => [String(pair[0]), pair[1]])), ...Object.fromEntries(keywords) };
};

export function templateGlobals(): ReadonlyMap<string, unknown> {
  return new Map<string, unknown>([...Object.entries(lookupGlobals), ['range', range], ['dict', dict], ['omit', OMIT_TOKEN]]);
}
