// default/d, mandatory, ternary, bool and type_debug: the filters about presence and truth.
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { pythonTruthy, pythonTypeName } from '../python-value.js';
import { StrictUndefined, isUndefined, UndefinedValueError } from '../undefined.js';
import { asBoolean } from './coerce.js';

/** Ansible's `bool`: yes/on/true/1 (any case) are true, everything else false; booleans pass through. */
export function ansibleBool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return false;
  const word = typeof value === 'string' ? value.toLowerCase() : value;
  return word === 'yes' || word === 'on' || word === '1' || word === 'true' || word === 1;
}

export const logicFilters: FilterTable = {
  default(input, ...args) {
    const { default_value: fallback = '', boolean } = bindArguments('default', args, ['default_value', 'boolean']);
    if (isUndefined(input)) return fallback;
    if (asBoolean(boolean) && !pythonTruthy(input)) return fallback;
    return input;
  },
  mandatory(input, ...args) {
    const { msg } = bindArguments('mandatory', args, ['msg']);
    if (!isUndefined(input)) return input;
    const name = input instanceof StrictUndefined && input.variable ? `'${input.variable}'` : 'value';
    const reason = typeof msg === 'string' ? msg : `Mandatory variable ${name} not defined.`;
    throw new UndefinedValueError(new StrictUndefined(reason, input instanceof StrictUndefined ? input.variable : undefined));
  },
  ternary(input, ...args) {
    const { true_val: whenTrue, false_val: whenFalse, none_val: whenNone } = bindArguments('ternary', args, [
      'true_val',
      'false_val',
      'none_val',
    ]);
    if (input === null && whenNone !== undefined && whenNone !== null) return whenNone;
    return pythonTruthy(input) ? whenTrue : (whenFalse ?? null);
  },
  bool(input) {
    return ansibleBool(input);
  },
  type_debug(input) {
    return pythonTypeName(input);
  },
};
