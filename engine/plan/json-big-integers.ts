// JSON text to values without losing digits of integers above 2^53 (etcd's member and cluster ids).
// lossless-json is correct but costs ~10x JSON.parse, which at a fleet of 300 state files is most of the
// 1 s budget of `quorum plan`. So the fast path quotes every unsafe integer token (string tokens are
// matched whole first, so digits inside strings are never touched) and lets the native JSON.parse do the
// rest: such integers arrive as strings marked with a leading NUL (which no etcd name or URL holds), so that
// the readers can tell a big number from a string that merely looks like one. Anything the fast path cannot
// take (a syntax error, an exotic number) goes to lossless-json, which also gives the error's position.
import { parse as parseLossless } from 'lossless-json';

// A string token, or an integer of 16+ digits that is a whole number token (not part of a fraction or exponent).
const TOKEN = /"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![\d.eE])/g;

const MARK = '\u0000';

function quoteUnsafeIntegers(text: string): string {
  return text.replace(TOKEN, (token) =>
    token.charCodeAt(0) === 34 || Number.isSafeInteger(Number(token)) ? token : `"\\u0000${token}"`,
  );
}

/** The digits of an integer the fast path kept as a marked string, or undefined for any other value. */
export function bigIntegerDigits(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(MARK) ? value.slice(1) : undefined;
}

/** Parses JSON; integers above 2^53 come back as marked strings (fast path) or LosslessNumbers (fallback). */
export function parseJsonKeepingBigIntegers(text: string): unknown {
  try {
    return JSON.parse(quoteUnsafeIntegers(text));
  } catch {
    return parseLossless(text);
  }
}
