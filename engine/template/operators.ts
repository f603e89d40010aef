// Jinja's operators with Python's meaning. The compiled nunjucks code would use JavaScript's (`[1] + [2]` is
// "12", `'1' == 1` is true, `[]` is truthy, `'-' * 3` is NaN); the AST rewrite (ast-rewrite.ts) routes each
// operator through one of these functions instead. Each also refuses an undefined operand, as StrictUndefined does.
import { LazyMapping } from './lazy-mapping.js';
import { pythonPercentFormat } from './python-format.js';
import { pythonCompare, pythonEquals, pythonStr, pythonTruthy, pythonTypeName, TYPE_MISMATCH_HINT } from './python-value.js';
import { requireDefined } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

function unsupported(operator: string, left: unknown, right: unknown): TemplateUsageError {
  return new TemplateUsageError(
    `unsupported operand type(s) for ${operator}: '${pythonTypeName(left)}' and '${pythonTypeName(right)}'`,
    TYPE_MISMATCH_HINT,
  );
}

function isNumber(value: unknown): value is number | boolean {
  return typeof value === 'number' || typeof value === 'boolean';
}

function repeat<T>(sequence: T, count: unknown, operator: string): T {
  if (typeof count !== 'number' || !Number.isInteger(count)) throw unsupported(operator, sequence, count);
  if (typeof sequence === 'string') return sequence.repeat(Math.max(0, count)) as T;
  const items = sequence as unknown[];
  return Array.from({ length: Math.max(0, count) }, () => items).flat() as T;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**';

export function arithmetic(operator: ArithmeticOperator, leftValue: unknown, rightValue: unknown): unknown {
  const left = requireDefined(leftValue);
  const right = requireDefined(rightValue);
  if (isNumber(left) && isNumber(right)) {
    const a = Number(left);
    const b = Number(right);
    switch (operator) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '**': return a ** b;
      case '/':
      case '//':
      case '%':
        if (b === 0) throw new TemplateUsageError(operator === '/' ? 'division by zero' : 'integer division or modulo by zero');
        if (operator === '/') return a / b;
        if (operator === '//') return Math.floor(a / b);
        return ((a % b) + b) % b;
    }
  }
  if (operator === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (operator === '+' && Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (operator === '*' && (typeof left === 'string' || Array.isArray(left))) return repeat(left, right, operator);
  if (operator === '*' && (typeof right === 'string' || Array.isArray(right))) return repeat(right, left, operator);
  if (operator === '%' && typeof left === 'string') return pythonPercentFormat(left, right);
  throw unsupported(operator, left, right);
}

export function negate(value: unknown): number {
  const operand = requireDefined(value);
  if (!isNumber(operand)) throw new TemplateUsageError(`bad operand type for unary -: '${pythonTypeName(operand)}'`);
  return -Number(operand);
}

/** `a ~ b`: both sides as Python str(). */
export function concatenate(left: unknown, right: unknown): string {
  return pythonStr(left) + pythonStr(right);
}

export function compare(operator: string, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
    case '===':
      return pythonEquals(left, right);
    case '!=':
    case '!==':
      return !pythonEquals(left, right);
    case '<': return pythonCompare(left, right, operator) < 0;
    case '>': return pythonCompare(left, right, operator) > 0;
    case '<=': return pythonCompare(left, right, operator) <= 0;
    case '>=': return pythonCompare(left, right, operator) >= 0;
    default: throw new TemplateUsageError(`unknown comparison operator '${operator}'`);
  }
}

/** Chained comparison `a < b < c`: `operands` alternates value, operator, value, ... */
export function compareChain(first: unknown, ...rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const right = rest[i + 1];
    if (!compare(String(rest[i]), left, right)) return false;
    left = right;
  }
  return true;
}

/** Python's `in`: element of a list (by ==), key of a dict, substring of a string. */
export function contains(container: unknown, item: unknown): boolean {
  const haystack = requireDefined(container);
  const needle = requireDefined(item);
  if (Array.isArray(haystack)) return haystack.some((candidate) => pythonEquals(candidate, needle));
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new TemplateUsageError(`'in <string>' requires string as left operand, not ${pythonTypeName(needle)}`);
    return haystack.includes(needle);
  }
  if (haystack instanceof LazyMapping) return haystack.has(String(needle));
  if (typeof haystack === 'object' && haystack !== null) return Object.hasOwn(haystack, String(needle));
  throw new TemplateUsageError(`argument of type '${pythonTypeName(haystack)}' is not iterable`);
}

export function truthy(value: unknown): boolean {
  return pythonTruthy(value);
}
