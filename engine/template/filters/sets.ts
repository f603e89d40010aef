// Ansible's set-theory filters on lists: union, intersect, difference, symmetric_difference. They keep the
// order of first appearance and drop duplicates, comparing with Python's ==.
import type { FilterTable } from '../callables.js';
import { pythonEquals } from '../python-value.js';
import { iterate } from './coerce.js';
import { uniqueItems } from './sequences.js';

function includes(list: readonly unknown[], item: unknown): boolean {
  return list.some((candidate) => pythonEquals(candidate, item));
}

export const setFilters: FilterTable = {
  union: (input, other) => uniqueItems([...iterate(input, 'union'), ...iterate(other, 'union')]),
  intersect(input, other) {
    const right = iterate(other, 'intersect');
    return uniqueItems(iterate(input, 'intersect').filter((item) => includes(right, item)));
  },
  difference(input, other) {
    const right = iterate(other, 'difference');
    return uniqueItems(iterate(input, 'difference').filter((item) => !includes(right, item)));
  },
  symmetric_difference(input, other) {
    const left = iterate(input, 'symmetric_difference');
    const right = iterate(other, 'symmetric_difference');
    const both = uniqueItems([...left, ...right]);
    return both.filter((item) => !(includes(left, item) && includes(right, item)));
  },
};
