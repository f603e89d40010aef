// The functions the executor and the modules call: templateValue, evaluateCondition, renderTemplateFile.
import { readFileSync } from 'node:fs';
import { VariableScope, type Vars } from '../vars/scope.js';
import { TemplateError, TemplateErrorCode } from './errors.js';
import { LazyMapping } from './lazy-mapping.js';
import { pythonTruthy } from './python-value.js';
import { lookupSettings, type TemplateContext, templateString, templateValueInScope } from './template-value.js';
import { isPossiblyTemplate } from './engine.js';

function scopeOf(vars: LazyMapping | Vars, ctx: TemplateContext): LazyMapping {
  return vars instanceof LazyMapping ? vars : new VariableScope(vars, ctx);
}

/**
 * Templates `value` (a string, or a list/dict holding strings) with Ansible's rules: `"{{ expr }}"` alone keeps
 * the expression's type, text around templates gives text. `vars` is a VariableScope (lazy, from the vars
 * package) or plain variables.
 */
export function templateValue(value: unknown, vars: LazyMapping | Vars, ctx: TemplateContext): unknown {
  return templateValueInScope(value, scopeOf(vars, ctx), ctx);
}

export type Condition = string | boolean | number | null | undefined | readonly Condition[];

/**
 * `when`, `changed_when`, `failed_when`, `until`, `assert that`: a bare Jinja expression (no braces), a
 * boolean, or a list of them, all of which must hold (evaluated in order, stopping at the first false).
 */
export function evaluateCondition(condition: Condition, vars: LazyMapping | Vars, ctx: TemplateContext): boolean {
  const scope = scopeOf(vars, ctx);
  if (Array.isArray(condition)) return condition.every((item: Condition) => evaluateCondition(item, scope, ctx));
  if (condition === null || condition === undefined || condition === '') return true;
  if (typeof condition === 'boolean') return condition;
  if (typeof condition === 'number') return condition !== 0;
  const origin = { what: 'condition', ...ctx.origin };
  let expression = String(condition).trim();
  if (isPossiblyTemplate(expression)) {
    // Braces in a condition are accepted, as Ansible does with a warning: template first, then judge the result.
    const value = templateString(expression, scope, { ...ctx, origin });
    if (typeof value !== 'string') return pythonTruthy(value);
    expression = value.trim();
    if (expression === '') return false;
  }
  const source = `{% if ${expression} %}True{% else %}False{% endif %}`;
  try {
    const { value } = ctx.engine.render(source, scope, { origin, native: false, lookups: lookupSettings(ctx) });
    return value === 'True';
  } catch (error) {
    // Report the user's expression, not the {% if %} wrapper around it.
    if (error instanceof TemplateError && error.details.source === source) {
      throw new TemplateError({ ...error.details, source: expression, templateLine: undefined });
    }
    throw error;
  }
}

export interface TemplateFileContext extends TemplateContext {
  /** The template's path as the user should read it in errors (for example relative to the role). */
  readonly displayPath?: string;
}

/**
 * Renders a template file (the template module's `src`) to text: `{% %}` blocks, `{# #}` comments,
 * trim_blocks on and lstrip_blocks off as in Ansible. Errors name `displayPath` (default: `path`) and the
 * line in the template.
 */
export function renderTemplateFile(path: string, vars: LazyMapping | Vars, ctx: TemplateFileContext): string {
  const file = ctx.displayPath ?? path;
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TemplateError({
      code: TemplateErrorCode.failed,
      reason: `cannot read the template file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      origin: { ...ctx.origin, file },
      hint: 'check the template path (relative paths are looked up in the role templates/ directory)',
    });
  }
  const origin = { file, what: `template ${file}` };
  const { value } = ctx.engine.render(source, scopeOf(vars, ctx), { origin, native: false, lookups: lookupSettings(ctx) });
  return String(value);
}
