// Parsing JSON without losing digits: big integers survive wherever they are, strings are never touched,
// and a big number is never mistaken for a string.
import { describe, expect, it } from 'vitest';
import { bigIntegerDigits, parseJsonKeepingBigIntegers } from '../../../engine/plan/json-big-integers.js';
import { readId, readString, type IssueSink } from '../../../engine/plan/json-fields.js';

/** Each top-level value as `digits` (a big integer), or as the JSON of what it parsed to. */
function shown(text: string): string[] {
  const parsed = parseJsonKeepingBigIntegers(text) as { [key: string]: unknown };
  return Object.entries(parsed).map(([key, value]) => `${key}=${bigIntegerDigits(value) ?? JSON.stringify(value)}`);
}

describe('parseJsonKeepingBigIntegers', () => {
  it.each([
    ['an etcd id', '{"ID": 13854575842428330738}', ['ID=13854575842428330738']],
    ['2^64 - 1', '{"ID":18446744073709551615}', ['ID=18446744073709551615']],
    ['a safe integer stays a number', '{"n": 9007199254740991}', ['n=9007199254740991']],
    ['the first unsafe integer', '{"n": 9007199254740993}', ['n=9007199254740993']],
    ['digits inside a string', '{"s": "id 13854575842428330738"}', ['s="id 13854575842428330738"']],
    ['an escaped quote before digits', '{"s": "a \\" 13854575842428330738", "n": 13854575842428330738}', ['s="a \\" 13854575842428330738"', 'n=13854575842428330738']],
    ['a long fraction is a number', '{"f": 1.12345678901234567890}', ['f=1.1234567890123457']],
    ['an exponent is a number', '{"e": 12345678901234567890e2}', ['e=1.2345678901234568e+21']],
    ['in a list', '{"l": [1, 13854575842428330738]}', ['l=[1,"\\u000013854575842428330738"]']],
  ])('%s', (_name, text, expected) => {
    expect(shown(text)).toEqual(expected);
  });

  it.each([
    ['{"a": 1,}', /position 8/],
    ['{"a": 13854575842428330738', /end of input/],
  ])('a syntax error in %s keeps its position', (text, message) => {
    expect(() => parseJsonKeepingBigIntegers(text)).toThrow(message);
  });

  it.each<[string, typeof readId, string, string | undefined, string[]]>([
    ['a big id reads as its digits', readId, '{"v": 13854575842428330738}', '13854575842428330738', []],
    ['a big id given as a string', readId, '{"v": "13854575842428330738"}', '13854575842428330738', []],
    ['a big number is not a name', readString, '{"v": 13854575842428330738}', undefined, ['expected a string, got the number 13854575842428330738']],
  ])('%s', (_name, reader, text, expected, issues) => {
    const value = (parseJsonKeepingBigIntegers(text) as { v: unknown }).v;
    const sink: IssueSink = [];
    const read = reader(value, ['v'], sink);
    expect(read).toBe(expected);
    expect(sink.map((issue) => issue.message)).toEqual(issues);
  });
});
