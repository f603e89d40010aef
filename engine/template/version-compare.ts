// Ansible's `is version(...)` test with its default LooseVersion ordering: a version is split into runs of
// digits (compared as numbers) and runs of letters (compared as text); dots only separate.
import { TemplateUsageError } from './usage-error.js';

const OPERATORS: { readonly [name: string]: (order: number) => boolean } = {
  '==': (o) => o === 0, '=': (o) => o === 0, eq: (o) => o === 0,
  '!=': (o) => o !== 0, '<>': (o) => o !== 0, ne: (o) => o !== 0,
  '<': (o) => o < 0, lt: (o) => o < 0,
  '<=': (o) => o <= 0, le: (o) => o <= 0,
  '>': (o) => o > 0, gt: (o) => o > 0,
  '>=': (o) => o >= 0, ge: (o) => o >= 0,
};

type Component = number | string;

function looseComponents(version: string): Component[] {
  return (version.match(/\d+|[a-z]+/gi) ?? []).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const STRICT_VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/;

function strictComponents(version: string): Component[] {
  const match = STRICT_VERSION.exec(version);
  if (!match) throw new TemplateUsageError(`invalid version number '${version}' for a strict comparison`);
  const [, major, minor, patch = '0', pre, preNumber] = match;
  // A release sorts after its pre-releases: 'z' stands above 'a' and 'b'.
  return [Number(major), Number(minor), Number(patch), pre ?? 'z', Number(preNumber ?? 0)];
}

function order(left: Component[], right: Component[], original: string, other: string): number {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const a = left[i] as Component;
    const b = right[i] as Component;
    if (typeof a !== typeof b) {
      throw new TemplateUsageError(`Version comparison failed: cannot compare '${original}' with '${other}' ('${a}' against '${b}')`);
    }
    if (a !== b) return a < b ? -1 : 1;
  }
  return left.length - right.length;
}

export function compareVersions(version: string, other: string, operator: string, strict: boolean): boolean {
  const check = OPERATORS[operator];
  if (!check) throw new TemplateUsageError(`Invalid operator type (${operator})`, `use one of ${Object.keys(OPERATORS).join(', ')}`);
  const parse = strict ? strictComponents : looseComponents;
  return check(order(parse(version), parse(other), version, other));
}
