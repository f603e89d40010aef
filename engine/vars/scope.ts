// A host's variables for one task, evaluated lazily: a variable whose value contains `{{ other }}` is
// templated when a template first reads it, against this same scope, and remembered for the scope's life.
// A variable that needs itself (a -> b -> a) is an error naming the chain. Strict undefined everywhere.
import { TemplateError, TemplateErrorCode } from '../template/errors.js';
import { LazyMapping } from '../template/lazy-mapping.js';
import { type TemplateContext, templateValueInScope } from '../template/template-value.js';

/** Variables as the layers give them: names to raw (untemplated) values. */
export interface Vars {
  readonly [name: string]: unknown;
}

/** The variables being templated right now, shared by every scope of a run so cycles across hosts are seen. */
export class ResolutionStack {
  private readonly active: string[] = [];

  enter(label: string): void {
    const start = this.active.indexOf(label);
    if (start >= 0) {
      const chain = [...this.active.slice(start), label];
      throw new TemplateError({
        code: TemplateErrorCode.recursion,
        reason: `recursive loop in variables: ${chain.map((name) => `'${name}'`).join(' -> ')}`,
        origin: {},
        hint: 'a variable must not refer back to itself through other variables',
      });
    }
    this.active.push(label);
  }

  leave(): void {
    this.active.pop();
  }
}

export interface ScopeOptions {
  /** Names the scope in cycle messages when several hosts' scopes are involved (hostvars). */
  readonly label?: string;
  readonly resolution?: ResolutionStack;
  /** Names whose values are returned as they are, never templated (see literalVariableNames). */
  readonly literal?: ReadonlySet<string>;
}

export class VariableScope extends LazyMapping {
  private readonly resolved = new Map<string, unknown>();
  private readonly resolution: ResolutionStack;

  constructor(
    private readonly values: Vars,
    private readonly ctx: TemplateContext,
    private readonly options: ScopeOptions = {},
  ) {
    super();
    this.resolution = options.resolution ?? new ResolutionStack();
  }

  /** The variable names; `vars` (this scope itself) is readable but not listed, so printing it cannot recurse. */
  keys(): string[] {
    return Object.keys(this.values);
  }

  has(name: string): boolean {
    return Object.hasOwn(this.values, name) || name === 'vars';
  }

  /** The raw value of `name`, untemplated: for callers that must not evaluate (plans, diffs of inputs). */
  raw(name: string): unknown {
    return this.values[name];
  }

  get(name: string): unknown {
    if (this.resolved.has(name)) return this.resolved.get(name);
    if (!Object.hasOwn(this.values, name)) return name === 'vars' ? this : undefined;
    if (this.options.literal?.has(name)) return this.values[name];
    const label = this.options.label ? `${this.options.label}.${name}` : name;
    this.resolution.enter(label);
    let value: unknown;
    try {
      value = templateValueInScope(this.values[name], this, { ...this.ctx, origin: {} });
    } catch (error) {
      if (error instanceof TemplateError && error.details.code !== TemplateErrorCode.recursion) throw error.insideVariable(label);
      throw error;
    } finally {
      this.resolution.leave();
    }
    this.resolved.set(name, value);
    return value;
  }

  /** A scope with `extra` variables on top (a loop's `item`), sharing nothing cached with this one. */
  with(extra: Vars): VariableScope {
    return new VariableScope({ ...this.values, ...extra }, this.ctx, this.options);
  }
}
