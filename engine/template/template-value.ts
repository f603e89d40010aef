// templateValue(): what Ansible does to a task argument, a variable, a loop list. A string that is one
// `{{ expr }}` yields the expression's own value (list, dict, number, bool: Ansible's jinja2_native
// behaviour); a string with text around its templates yields text. Text (or a string value) that reads as a
// Python list, dict or boolean literal becomes that value, as in Ansible's default mode.
import { isPossiblyTemplate, type TemplateEngine } from './engine.js';
import type { TemplateOrigin } from './errors.js';
import type { LazyMapping } from './lazy-mapping.js';
import { looksLikePythonLiteral, parsePythonLiteral } from './python-literal.js';
import type { LookupSettings } from './render-context.js';
import { walkStrings } from './walk.js';

/** What every templating call needs besides the value and the variables. */
export interface TemplateContext {
  readonly engine: TemplateEngine;
  /** Where the value came from, for error messages: the task's file and line, and what is being templated. */
  readonly origin?: TemplateOrigin;
  /** Directories for lookup('file', ...); defaults to none (absolute paths only). */
  readonly searchPath?: readonly string[];
  /** The environment for lookup('env', ...); defaults to process.env. */
  readonly environment?: { readonly [name: string]: string | undefined };
}

export function lookupSettings(ctx: TemplateContext): LookupSettings {
  return { searchPath: ctx.searchPath ?? [], environment: ctx.environment ?? process.env };
}

/** One string, templated with Ansible's value rules. */
export function templateString(text: string, scope: LazyMapping, ctx: TemplateContext): unknown {
  if (!isPossiblyTemplate(text)) return text;
  const { value, keepText } = ctx.engine.render(text, scope, { origin: ctx.origin ?? {}, native: true, lookups: lookupSettings(ctx) });
  if (typeof value === 'string' && !keepText && looksLikePythonLiteral(value)) {
    const literal = parsePythonLiteral(value);
    if (literal.ok) return literal.value;
  }
  return value;
}

/** Templates every string inside `value` (a scalar, list or dict) against `scope`. */
export function templateValueInScope(value: unknown, scope: LazyMapping, ctx: TemplateContext): unknown {
  return walkStrings(value, (text) => templateString(text, scope, ctx));
}
