// The runtime object compiled templates call (`runtime.memberLookup`, `runtime.suppressValue`, ...). It starts
// from nunjucks' own and replaces the functions whose JavaScript meaning differs from Jinja's, per engine, so
// nothing global is patched: attribute access and output follow Python, undefined values are strict, and
// errors keep the template line where they happened.
import { LazyMapping } from './lazy-mapping.js';
import { memberLookup } from './member-lookup.js';
import { contains } from './operators.js';
import { isPlainObject, pythonStr, pythonTypeName } from './python-value.js';
import type { RenderContext } from './render-context.js';
import { requireDefined, StrictUndefined, UndefinedValueError } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

interface Frame {
  lookup(name: string): unknown;
}

/** An error raised while rendering, with the template position nunjucks tracked when it happened. */
export class RenderFailure extends Error {
  constructor(
    override readonly cause: unknown,
    /** 1-based, or undefined when nunjucks did not know. */
    readonly line: number | undefined,
    readonly col: number | undefined,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'RenderFailure';
  }
}

function iterableForLoop(value: unknown): unknown {
  const input = requireDefined(value);
  if (Array.isArray(input)) return input;
  if (typeof input === 'string') return [...input];
  if (input instanceof LazyMapping) return input.keys();
  if (isPlainObject(input)) return Object.keys(input);
  throw new TemplateUsageError(`'${pythonTypeName(input)}' object is not iterable`);
}

export type NunjucksRuntime = { readonly [name: string]: unknown };

export function createRuntime(base: NunjucksRuntime): NunjucksRuntime {
  return {
    ...base,
    memberLookup,
    contextOrFrameLookup(context: RenderContext, frame: Frame, name: string): unknown {
      const value = frame.lookup(name);
      return value !== undefined ? value : context.lookup(name);
    },
    suppressValue(value: unknown): string {
      return pythonStr(value);
    },
    callWrap(callee: unknown, name: string, context: RenderContext, args: unknown[]): unknown {
      if (callee instanceof StrictUndefined) throw new UndefinedValueError(callee);
      if (typeof callee !== 'function') throw new TemplateUsageError(`'${name}' is not callable`);
      const result: unknown = callee.apply(context, args);
      // A macro returns nunjucks' SafeString (a String object): make it a plain string for filters and output.
      return result instanceof String ? result.toString() : result;
    },
    fromIterator: iterableForLoop,
    inOperator: (item: unknown, container: unknown) => contains(container, item),
    handleError(error: unknown, lineno: number | undefined, colno: number | undefined): unknown {
      if (error instanceof RenderFailure) return error;
      return new RenderFailure(error, lineno === undefined ? undefined : lineno + 1, colno === undefined ? undefined : colno + 1);
    },
  };
}
