// `x.y` and `x['y']` as Jinja with Ansible's undefined does them: a key of a dict, an element of a list (negative
// indexes count from the end), or a Python method of the value; otherwise an undefined value that carries
// Jinja's own wording, so `x.y is defined` is false and `{{ x.y }}` fails saying what was missing.
import { LazyMapping } from './lazy-mapping.js';
import { pythonMethod } from './python-methods.js';
import { pythonTypeName } from './python-value.js';
import { StrictUndefined } from './undefined.js';

function missingAttribute(receiver: unknown, key: unknown): StrictUndefined {
  return new StrictUndefined(`'${pythonTypeName(receiver)} object' has no attribute '${String(key)}'`);
}

function elementAt(sequence: ArrayLike<unknown>, index: number, typeName: string): unknown {
  const position = index < 0 ? sequence.length + index : index;
  if (!Number.isInteger(index) || position < 0 || position >= sequence.length) {
    return new StrictUndefined(`${typeName} object has no element ${index}`);
  }
  return sequence[position];
}

export function memberLookup(receiver: unknown, key: unknown): unknown {
  if (receiver instanceof StrictUndefined) return receiver;
  if (receiver === null || receiver === undefined) {
    return new StrictUndefined(`'None' has no attribute '${String(key)}'`);
  }
  if (receiver instanceof LazyMapping) {
    const name = String(key);
    if (receiver.has(name)) return receiver.get(name);
    return pythonMethod(receiver, name) ?? missingAttribute(receiver, key);
  }
  if (Array.isArray(receiver)) {
    if (typeof key === 'number') return elementAt(receiver, key, 'list');
    // `item.0` (Jinja's attribute-style index, common with loop pairs) arrives as the name '0'.
    if (typeof key === 'string' && /^\d+$/.test(key)) return elementAt(receiver, Number(key), 'list');
    return pythonMethod(receiver, String(key)) ?? missingAttribute(receiver, key);
  }
  if (typeof receiver === 'string') {
    if (typeof key === 'number') return elementAt(receiver, key, 'str');
    return pythonMethod(receiver, String(key)) ?? missingAttribute(receiver, key);
  }
  if (typeof receiver === 'object') {
    const name = String(key);
    if (Object.hasOwn(receiver, name)) {
      const value = (receiver as { [key: string]: unknown })[name];
      // nunjucks' loop helpers (`loop.cycle`, cycler().next) are methods that need their object as `this`.
      return typeof value === 'function' ? value.bind(receiver) : value;
    }
    return pythonMethod(receiver, name) ?? missingAttribute(receiver, key);
  }
  return missingAttribute(receiver, key);
}

/** Follows a dotted attribute path (`'a.b.0'`), as Jinja's attribute= arguments do. */
export function attributePath(receiver: unknown, path: unknown): unknown {
  if (typeof path === 'number') return memberLookup(receiver, path);
  let value = receiver;
  for (const part of String(path).split('.')) {
    value = memberLookup(value, /^\d+$/.test(part) && Array.isArray(value) ? Number(part) : part);
  }
  return value;
}
