// The template engine: one nunjucks environment with quorum's filters and tests, a cache of compiled templates
// (each distinct text is compiled once per engine), and rendering against a lazy variable scope. Create one per
// run with createTemplateEngine() and pass it along; it holds no global state.
import { NATIVE_RESULT } from './ast-rewrite.js';
import type { FilterFunction, TestFunction } from './callables.js';
import { type CompiledTemplate, TemplateCompiler } from './compile.js';
import { TemplateError, TemplateErrorCode, type TemplateOrigin } from './errors.js';
import { templateGlobals } from './globals.js';
import type { LazyMapping } from './lazy-mapping.js';
import { loadNunjucks, type NunjucksEnvironment, type NunjucksInternals, type NunjucksTemplateError } from './nunjucks-internals.js';
import { buildFilterTable, buildTestTable, Registry } from './registry.js';
import { RenderContext, type LookupSettings } from './render-context.js';
import { createRuntime, type NunjucksRuntime, RenderFailure } from './runtime.js';
import { StrictUndefined, UndefinedValueError } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

export interface RenderRequest {
  readonly origin: TemplateOrigin;
  /** A template that is one `{{ expr }}` returns the expression's value (list, dict, number) instead of text. */
  readonly native: boolean;
  readonly lookups: LookupSettings;
}

export interface RenderResult {
  readonly value: unknown;
  /** The value came from a filter whose text must stay text (to_json, to_yaml, string): no literal reading. */
  readonly keepText: boolean;
}

// Ansible marks the output of these filters as text that must not be read back as a literal (its
// NativeJinjaText): `{{ d | to_json }}` stays the JSON string. Decided from the template's last filter.
const TEXT_FILTERS = /\|\s*(to_json|to_nice_json|to_yaml|to_nice_yaml|string)\s*(\([^()]*\))?\s*\}\}\s*$/;

/** Whether `text` has any Jinja delimiter; text without one is returned as is, without compiling. */
export function isPossiblyTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

interface Frame {
  topLevel: boolean;
}

type FrameConstructor = new () => Frame;

const UNDEFINED_HINT = 'define it (play vars, inventory, role defaults or -e), or guard it with "is defined" or "| default(...)"';
const ATTRIBUTE_HINT = 'check the key name, or guard it with "is defined" or "| default(...)"';

export class TemplateEngine {
  private readonly cache = new Map<string, CompiledTemplate>();
  private readonly compiler: TemplateCompiler;
  private readonly environment: NunjucksEnvironment;
  private readonly runtime: NunjucksRuntime;
  private readonly Frame: FrameConstructor;
  private readonly registry: Registry;
  private readonly globals = templateGlobals();
  private readonly filters: ReadonlyMap<string, FilterFunction>;
  private readonly tests: ReadonlyMap<string, TestFunction>;

  constructor(nunjucks: NunjucksInternals) {
    this.compiler = new TemplateCompiler(nunjucks);
    this.runtime = createRuntime(nunjucks.runtime);
    this.Frame = nunjucks.runtime.Frame as FrameConstructor;
    const filters = buildFilterTable();
    const tests = buildTestTable();
    this.filters = filters;
    this.tests = tests;
    this.registry = new Registry(filters, tests);
    this.environment = new nunjucks.Environment([], { autoescape: false });
    for (const [name, filter] of filters) this.environment.addFilter(name, filter as (...args: never[]) => unknown);
    for (const [name, test] of tests) this.environment.addTest(name, test as (...args: never[]) => unknown);
  }

  /** How many distinct templates have been compiled: for benchmarks and cache tests. */
  get compiledCount(): number {
    return this.cache.size;
  }

  /** The filter names templates can use (without the internal operator filters). */
  filterNames(): string[] {
    return [...this.filters.keys()].filter((name) => !name.startsWith('__'));
  }

  testNames(): string[] {
    return [...this.tests.keys()];
  }

  render(source: string, scope: LazyMapping, request: RenderRequest): RenderResult {
    const compiled = this.compiled(source, request);
    const context = new RenderContext(this.environment, scope, this.globals, this.registry, request.lookups);
    const frame = new this.Frame();
    frame.topLevel = true;
    let failure: unknown;
    let output: string | undefined;
    compiled.render(this.environment, context, frame, this.runtime, (error, result) => {
      failure = error;
      output = result;
    });
    if (failure) throw this.translate(failure, source, request.origin);
    if (!compiled.native) return { value: output ?? '', keepText: false };
    const value = context.getLocal(NATIVE_RESULT);
    if (value instanceof StrictUndefined) throw this.translate(new RenderFailure(new UndefinedValueError(value), undefined, undefined), source, request.origin);
    return { value: value === undefined ? null : value, keepText: TEXT_FILTERS.test(source) };
  }

  private compiled(source: string, request: RenderRequest): CompiledTemplate {
    const key = (request.native ? 'n:' : 't:') + source;
    let compiled = this.cache.get(key);
    if (!compiled) {
      try {
        compiled = this.compiler.compile(source, request.origin.file ?? 'template', request.native);
      } catch (error) {
        throw this.syntaxError(error, source, request.origin);
      }
      this.cache.set(key, compiled);
    }
    return compiled;
  }

  private syntaxError(error: unknown, source: string, origin: TemplateOrigin): TemplateError {
    const nunjucksError = error as NunjucksTemplateError;
    // The parser reports 1-based positions (unlike compiled code, see runtime.ts).
    // Without a position the parser ran out of text (an unclosed block): Jinja reports the last line.
    const templateLine = typeof nunjucksError.lineno === 'number' ? nunjucksError.lineno : source.split('\n').length;
    const reason = String(nunjucksError.message ?? error).replace(/^\(.*?\)\s*(\[Line \d+, Column \d+\])?\s*/s, '').replace(/^parse\w*: /, '').trim();
    return new TemplateError({
      code: TemplateErrorCode.syntax,
      reason: `template syntax error: ${reason}`,
      origin: this.positioned(origin, templateLine, typeof nunjucksError.colno === 'number' ? nunjucksError.colno : undefined),
      source,
      templateLine,
      hint: 'check the {{ }} and {% %} pairs and the expression inside them',
    });
  }

  /** For a template file (origin line 1 or none), the template's own line is the position to report. */
  private positioned(origin: TemplateOrigin, templateLine: number | undefined, templateCol: number | undefined): TemplateOrigin {
    if (origin.file && origin.line === undefined && templateLine !== undefined) return { ...origin, line: templateLine, col: templateCol };
    return origin;
  }

  private translate(failure: unknown, source: string, origin: TemplateOrigin): TemplateError {
    const positioned = failure instanceof RenderFailure ? failure : new RenderFailure(failure, undefined, undefined);
    const cause = positioned.cause;
    if (cause instanceof TemplateError) return cause.placedAt(origin, source);
    const at = this.positioned(origin, positioned.line, positioned.col);
    const common = { origin: at, source, templateLine: positioned.line };
    if (cause instanceof UndefinedValueError) {
      const reason = cause.undefinedValue.reason;
      return new TemplateError({
        ...common,
        code: TemplateErrorCode.undefinedVariable,
        reason,
        hint: cause.undefinedValue.variable ? UNDEFINED_HINT : ATTRIBUTE_HINT,
      });
    }
    if (cause instanceof TemplateUsageError) {
      return new TemplateError({ ...common, code: TemplateErrorCode.failed, reason: cause.message, hint: cause.hint });
    }
    const message = cause instanceof Error ? cause.message : String(cause);
    const unknown = /^(filter|test) not found: (\S+)/.exec(message);
    if (unknown) {
      return new TemplateError({
        ...common,
        code: TemplateErrorCode.failed,
        reason: `no ${unknown[1]} named '${unknown[2]}'`,
        hint: `quorum's ${unknown[1]}s are listed in engine/template/README.md`,
      });
    }
    return new TemplateError({ ...common, code: TemplateErrorCode.failed, reason: message });
  }
}

export async function createTemplateEngine(): Promise<TemplateEngine> {
  return new TemplateEngine(await loadNunjucks());
}
