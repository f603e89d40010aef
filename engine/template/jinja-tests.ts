// The `is` tests: Jinja's (defined, none, string, number, mapping, sequence, ...), Ansible's (match, search,
// regex, version, contains, subset, superset, succeeded/failed/changed/skipped), and their operator aliases.
import type { TestTable } from './callables.js';
import { bindArguments } from './kwargs.js';
import { LazyMapping } from './lazy-mapping.js';
import { compare, contains } from './operators.js';
import { isPlainObject, pythonEquals, pythonTruthy } from './python-value.js';
import { pythonRegex } from './filters/regex.js';
import { asString, iterate } from './filters/coerce.js';
import { compareVersions } from './version-compare.js';
import { isUndefined, requireDefined } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

function isMapping(value: unknown): boolean {
  return value instanceof LazyMapping || isPlainObject(value);
}

function regexTest(input: unknown, args: unknown[], defaultMatchType: 'match' | 'search'): boolean {
  const { pattern, ignorecase, multiline, match_type: matchType = defaultMatchType } = bindArguments('regex', args, [
    'pattern',
    'ignorecase',
    'multiline',
    'match_type',
  ]);
  const regex = pythonRegex(pattern, { ignorecase, multiline }, false);
  const text = asString(requireDefined(input));
  const found = regex.exec(text);
  if (!found) return false;
  if (matchType === 'match') return found.index === 0;
  if (matchType === 'fullmatch') return found.index === 0 && found[0].length === text.length;
  return true;
}

function taskResult(input: unknown, test: string): { [key: string]: unknown } {
  const value = requireDefined(input);
  if (!isPlainObject(value)) throw new TemplateUsageError(`The '${test}' test expects a dictionary (a registered task result)`);
  return value;
}

const comparison = (operator: string) => (input: unknown, other: unknown) => compare(operator, input, other);

export const jinjaTests: TestTable = {
  defined: (input) => !isUndefined(input),
  undefined: (input) => isUndefined(input),
  none: (input) => requireDefined(input) === null,
  string: (input) => typeof requireDefined(input) === 'string',
  number: (input) => typeof requireDefined(input) === 'number',
  integer: (input) => Number.isInteger(requireDefined(input)),
  float: (input) => typeof requireDefined(input) === 'number' && !Number.isInteger(input),
  boolean: (input) => typeof requireDefined(input) === 'boolean',
  true: (input) => requireDefined(input) === true,
  false: (input) => requireDefined(input) === false,
  mapping: (input) => isMapping(requireDefined(input)),
  sequence: (input) => typeof requireDefined(input) === 'string' || Array.isArray(input) || isMapping(input),
  iterable: (input) => typeof requireDefined(input) === 'string' || Array.isArray(input) || isMapping(input),
  callable: (input) => typeof requireDefined(input) === 'function',
  lower: (input) => typeof requireDefined(input) === 'string' && input === (input as string).toLowerCase(),
  upper: (input) => typeof requireDefined(input) === 'string' && input === (input as string).toUpperCase(),
  even: (input) => Number(requireDefined(input)) % 2 === 0,
  odd: (input) => Math.abs(Number(requireDefined(input)) % 2) === 1,
  divisibleby: (input, divisor) => Number(requireDefined(input)) % Number(divisor) === 0,
  sameas: (input, other) => requireDefined(input) === other,
  equalto: comparison('=='),
  eq: comparison('=='),
  '==': comparison('=='),
  ne: comparison('!='),
  '!=': comparison('!='),
  lt: comparison('<'),
  '<': comparison('<'),
  lessthan: comparison('<'),
  le: comparison('<='),
  '<=': comparison('<='),
  gt: comparison('>'),
  '>': comparison('>'),
  greaterthan: comparison('>'),
  ge: comparison('>='),
  '>=': comparison('>='),
  in: (input, container) => contains(container, input),
  contains: (input, item) => contains(input, item),
  truthy: (input) => pythonTruthy(input),
  falsy: (input) => !pythonTruthy(input),
  match: (input, ...args) => regexTest(input, args, 'match'),
  search: (input, ...args) => regexTest(input, args, 'search'),
  regex: (input, ...args) => regexTest(input, args, 'search'),
  version(input, ...args) {
    const { version, operator = 'eq', strict, version_type: versionType } = bindArguments('version', args, [
      'version',
      'operator',
      'strict',
      'version_type',
    ]);
    if (version === undefined || version === null || version === '') throw new TemplateUsageError('version value cannot be empty');
    return compareVersions(asString(requireDefined(input)), asString(version), asString(operator), strict === true || versionType === 'strict');
  },
  subset: (input, superset) => iterate(input, 'subset').every((item) => iterate(superset, 'subset').some((other) => pythonEquals(item, other))),
  superset: (input, subset) => iterate(subset, 'superset').every((item) => iterate(input, 'superset').some((other) => pythonEquals(item, other))),
  any: (input) => iterate(input, 'any').some(pythonTruthy),
  all: (input) => iterate(input, 'all').every(pythonTruthy),
  failed: (input) => pythonTruthy(taskResult(input, 'failed').failed ?? false),
  succeeded: (input) => !pythonTruthy(taskResult(input, 'succeeded').failed ?? false),
  changed: (input) => pythonTruthy(taskResult(input, 'changed').changed ?? false),
  skipped: (input) => pythonTruthy(taskResult(input, 'skipped').skipped ?? false),
};

/** Ansible's short aliases of the task-result tests. */
export const jinjaTestAliases: { readonly [alias: string]: string } = {
  failure: 'failed',
  success: 'succeeded',
  change: 'changed',
  skip: 'skipped',
  version_compare: 'version',
};

