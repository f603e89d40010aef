// Jinja's StrictUndefined, the way Ansible uses it: a looked-up name or attribute that does not exist yields
// this marker instead of JavaScript's `undefined`, so that `is defined` and `default()` can see it, while any
// other use (output, arithmetic, comparison, truth test, filter input) fails with a message naming what was
// missing. Following a chain (`foo.bar.baz` with no `foo`) keeps the first miss, as Ansible's AnsibleUndefined does.
export class StrictUndefined {
  constructor(
    /** Jinja's wording: `'foo' is undefined`, `'dict object' has no attribute 'x'`, `list object has no element 3`. */
    readonly reason: string,
    /** The variable name the miss started from, when it was a plain name. */
    readonly variable?: string,
  ) {}

  toString(): string {
    throw new UndefinedValueError(this);
  }
}

export function isUndefined(value: unknown): value is StrictUndefined | undefined {
  return value === undefined || value instanceof StrictUndefined;
}

/** Thrown when an undefined value is used; the template layer turns it into a positioned TemplateError. */
export class UndefinedValueError extends Error {
  constructor(readonly undefinedValue: StrictUndefined) {
    super(undefinedValue.reason);
    this.name = 'UndefinedValueError';
  }
}

/** Throws when `value` is undefined; returns it otherwise. Every strict use of a value goes through here. */
export function requireDefined<T>(value: T | StrictUndefined | undefined): T {
  if (value instanceof StrictUndefined) throw new UndefinedValueError(value);
  if (value === undefined) throw new UndefinedValueError(new StrictUndefined('value is undefined'));
  return value;
}

export function undefinedVariable(name: string): StrictUndefined {
  return new StrictUndefined(`'${name}' is undefined`, name);
}
