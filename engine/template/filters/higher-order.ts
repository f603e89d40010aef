// Filters that apply other filters or tests: map, select, reject, selectattr, rejectattr, and Ansible's
// extract. The named filter or test comes from the registry on the render context.
import type { FilterTable, TestFunction } from '../callables.js';
import { splitArguments } from '../kwargs.js';
import { attributePath, memberLookup } from '../member-lookup.js';
import type { RenderContext } from '../render-context.js';
import { pythonTruthy } from '../python-value.js';
import { requireDefined, StrictUndefined } from '../undefined.js';
import { TemplateUsageError } from '../usage-error.js';
import { iterate } from './coerce.js';

function testOrTruth(context: RenderContext, args: unknown[]): (value: unknown) => boolean {
  if (args.length === 0) return (value) => pythonTruthy(value);
  const [name, ...testArgs] = args;
  if (typeof name !== 'string') throw new TemplateUsageError('the test name must be a string');
  const test: TestFunction = context.registry.test(name);
  return (value) => test.call(context, value, ...testArgs);
}

function filterItems(context: RenderContext, input: unknown, args: unknown[], keep: boolean, filter: string, byAttribute: boolean): unknown[] {
  const items = iterate(input, filter);
  if (!byAttribute) {
    const accept = testOrTruth(context, args);
    return items.filter((item) => accept(item) === keep);
  }
  const [attribute, ...rest] = args;
  if (attribute === undefined) throw new TemplateUsageError(`${filter} needs an attribute name`);
  const accept = testOrTruth(context, rest);
  return items.filter((item) => accept(attributePath(item, attribute)) === keep);
}

export const higherOrderFilters: FilterTable = {
  map(input, ...args) {
    const items = iterate(input, 'map');
    const { positional, keywords } = splitArguments(args);
    if (keywords.has('attribute')) {
      const attribute = keywords.get('attribute');
      const hasDefault = keywords.has('default');
      return items.map((item) => {
        const value = attributePath(item, attribute);
        return hasDefault && value instanceof StrictUndefined ? keywords.get('default') : value;
      });
    }
    const [name, ...filterArgs] = positional;
    if (typeof name !== 'string') throw new TemplateUsageError("map needs a filter name or attribute='...'");
    const apply = this.registry.filter(name);
    const rest = keywords.size ? [...filterArgs, Object.assign(Object.fromEntries(keywords), { __keywords: true })] : filterArgs;
    return items.map((item) => apply.call(this, item, ...rest));
  },
  select(input, ...args) {
    return filterItems(this, input, args, true, 'select', false);
  },
  reject(input, ...args) {
    return filterItems(this, input, args, false, 'reject', false);
  },
  selectattr(input, ...args) {
    return filterItems(this, input, args, true, 'selectattr', true);
  },
  rejectattr(input, ...args) {
    return filterItems(this, input, args, false, 'rejectattr', true);
  },
  extract(input, container, morekeys) {
    let value = memberLookup(requireDefined(container), input);
    const keys = morekeys === undefined || morekeys === null ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
    for (const key of keys) value = memberLookup(value, key);
    return value;
  },
};
