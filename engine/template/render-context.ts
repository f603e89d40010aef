// The object compiled templates call `context.lookup(name)` on. nunjucks' own Context copies every variable up
// front, which would template every lazy variable on each render; this one asks the scope for a name only when
// the template reads it. Names set inside the template (`{% set %}`) live in `locals` and win over the scope.
import type { CallableRegistry, GlobalFunction } from './callables.js';
import type { LazyMapping } from './lazy-mapping.js';
import { undefinedVariable } from './undefined.js';

/** What lookups need from the caller: where relative files are, and the environment `lookup('env')` reads. */
export interface LookupSettings {
  /** Directories `lookup('file', path)` searches for a relative path, first match wins. */
  readonly searchPath: readonly string[];
  /** The environment `lookup('env', NAME)` reads; the caller passes process.env or a fixed table in tests. */
  readonly environment: { readonly [name: string]: string | undefined };
}

/** Jinja reads these as literals; nunjucks only knows the lower-case spellings. */
const PYTHON_CONSTANTS: ReadonlyMap<string, unknown> = new Map<string, unknown>([
  ['True', true],
  ['False', false],
  ['None', null],
]);

export class RenderContext {
  private readonly locals = new Map<string, unknown>();

  constructor(
    /** The nunjucks Environment; compiled code reads `context.env` for its filters and tests. */
    readonly env: unknown,
    readonly scope: LazyMapping,
    private readonly globals: ReadonlyMap<string, GlobalFunction | unknown>,
    readonly registry: CallableRegistry,
    readonly lookups: LookupSettings,
  ) {}

  lookup(name: string): unknown {
    if (this.locals.has(name)) return this.locals.get(name);
    if (PYTHON_CONSTANTS.has(name)) return PYTHON_CONSTANTS.get(name);
    if (this.scope.has(name)) return this.scope.get(name);
    if (this.globals.has(name)) return this.globals.get(name);
    return undefinedVariable(name);
  }

  setVariable(name: string, value: unknown): void {
    this.locals.set(name, value);
  }

  getLocal(name: string): unknown {
    return this.locals.get(name);
  }

  getVariables(): { [name: string]: unknown } {
    return Object.fromEntries(this.locals);
  }

  addExport(): void {
    // Exports only matter to `{% import %}` of another template, which quorum's templates do not use.
  }

  getBlock(name: string): never {
    throw new Error(`template blocks are not supported (block '${name}'): quorum renders single files`);
  }
}
