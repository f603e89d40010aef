// All filters and tests by name, as a const table. Every filter except default/d/mandatory refuses an
// undefined input or argument with Jinja's message, which is what StrictUndefined does in Ansible.
import type { CallableRegistry, FilterFunction, FilterTable, TestFunction, TestTable } from './callables.js';
import { higherOrderFilters } from './filters/higher-order.js';
import { logicFilters } from './filters/logic.js';
import { mappingFilters } from './filters/mappings.js';
import { numberFilters } from './filters/numbers.js';
import { pathAndHashFilters } from './filters/paths-and-hashes.js';
import { regexFilters } from './filters/regex.js';
import { sequenceFilters } from './filters/sequences.js';
import { serializationFilters } from './filters/serialization.js';
import { setFilters } from './filters/sets.js';
import { stringFilters } from './filters/strings.js';
import { INTERNAL_FILTERS } from './ast-rewrite.js';
import { jinjaTestAliases, jinjaTests } from './jinja-tests.js';
import { arithmetic, compareChain, concatenate, negate, truthy, type ArithmeticOperator } from './operators.js';
import { pythonStr } from './python-value.js';
import { requireDefined, StrictUndefined, UndefinedValueError } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

const LENIENT_FILTERS = new Set(['default', 'd', 'mandatory']);

function refuseUndefinedArguments(args: readonly unknown[]): void {
  for (const arg of args) if (arg instanceof StrictUndefined) throw new UndefinedValueError(arg);
}

function strict(filter: FilterFunction): FilterFunction {
  return function (input, ...args) {
    requireDefined(input);
    refuseUndefinedArguments(args);
    return filter.call(this, input, ...args);
  };
}

const operatorFilters: FilterTable = {
  [INTERNAL_FILTERS.truthy]: (input) => truthy(input),
  [INTERNAL_FILTERS.arithmetic]: (operator, left, right) => arithmetic(operator as ArithmeticOperator, left, right),
  [INTERNAL_FILTERS.negate]: (input) => negate(input),
  [INTERNAL_FILTERS.strict]: (input) => requireDefined(input),
  [INTERNAL_FILTERS.concat]: (left, right) => concatenate(left, right),
  [INTERNAL_FILTERS.compare]: (first, ...rest) => compareChain(first, ...rest),
  // Ansible's finalize: None prints as nothing in text (inside a list or dict it is still None).
  [INTERNAL_FILTERS.output]: (input) => (input === null ? '' : pythonStr(input)),
};

export const userFilters: FilterTable = {
  ...logicFilters,
  d: logicFilters.default as FilterFunction,
  ...stringFilters,
  ...numberFilters,
  ...sequenceFilters,
  count: sequenceFilters.length as FilterFunction,
  ...mappingFilters,
  ...setFilters,
  ...higherOrderFilters,
  ...serializationFilters,
  ...regexFilters,
  ...pathAndHashFilters,
};

export function buildFilterTable(): Map<string, FilterFunction> {
  const table = new Map<string, FilterFunction>();
  for (const [name, filter] of Object.entries(userFilters)) table.set(name, LENIENT_FILTERS.has(name) ? filter : strict(filter));
  for (const [name, filter] of Object.entries(operatorFilters)) table.set(name, filter);
  return table;
}

export function buildTestTable(): Map<string, TestFunction> {
  const table = new Map<string, TestFunction>(Object.entries(jinjaTests as TestTable));
  for (const [alias, target] of Object.entries(jinjaTestAliases)) {
    const test = table.get(target);
    if (test) table.set(alias, test);
  }
  return table;
}

export class Registry implements CallableRegistry {
  constructor(
    private readonly filters: ReadonlyMap<string, FilterFunction>,
    private readonly tests: ReadonlyMap<string, TestFunction>,
  ) {}

  filter(name: string): FilterFunction {
    const filter = this.filters.get(name);
    if (!filter) throw new TemplateUsageError(`no filter named '${name}'`, 'see the filter list in engine/template/README.md');
    return filter;
  }

  test(name: string): TestFunction {
    const test = this.tests.get(name);
    if (!test) throw new TemplateUsageError(`no test named '${name}'`, 'see the test list in engine/template/README.md');
    return test;
  }
}
