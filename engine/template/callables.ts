// The shapes of filters, tests and globals as the engine registers them. nunjucks calls each with `this` bound
// to the render context, which is how `map('upper')` finds other filters and `lookup('file', ...)` finds the
// caller's base directories, without any module-level state.
import type { RenderContext } from './render-context.js';

export type FilterFunction = (this: RenderContext, input: unknown, ...args: unknown[]) => unknown;
export type TestFunction = (this: RenderContext, input: unknown, ...args: unknown[]) => boolean;
export type GlobalFunction = (this: RenderContext, ...args: unknown[]) => unknown;

export interface FilterTable {
  readonly [name: string]: FilterFunction;
}
export interface TestTable {
  readonly [name: string]: TestFunction;
}

/** Filters and tests by name, for the higher-order filters (map, select, selectattr, ...). */
export interface CallableRegistry {
  filter(name: string): FilterFunction;
  test(name: string): TestFunction;
}
