// The parts of nunjucks the engine builds on, typed to what it uses. nunjucks' public API renders through its
// own Context and runtime, which copy every variable and follow JavaScript's rules; the engine instead parses,
// rewrites the syntax tree (ast-rewrite.ts) and compiles with nunjucks' own parser and compiler, then runs the
// code with its own runtime and context. nunjucks is loaded on first use only: it costs ~18 ms to import.
import type { Lexer, Tokenizer } from './jinja-tokenizer.js';
import type { NunjucksRuntime } from './runtime.js';

export interface AstNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  readonly fields: readonly string[];
}

export type AstNodeConstructor = new (lineno: number, colno: number, ...fields: unknown[]) => AstNode;

export interface CompilerInstance {
  compile(node: AstNode, frame?: unknown): void;
  getCode(): string;
  _emit(code: string): void;
}

export type CompilerConstructor = new (name: string, throwOnUndefined: boolean) => CompilerInstance;

export interface NunjucksEnvironment {
  addFilter(name: string, filter: (...args: never[]) => unknown): void;
  addTest(name: string, test: (...args: never[]) => unknown): void;
}

export interface LexerOptions {
  trimBlocks: boolean;
  lstripBlocks: boolean;
}

/** A nunjucks syntax or lexer error: the position is 0-based when present. */
export interface NunjucksTemplateError extends Error {
  lineno?: number;
  colno?: number;
}

export interface NunjucksInternals {
  Environment: new (loaders: unknown[], options: { autoescape: boolean }) => NunjucksEnvironment;
  parser: { Parser: new (tokens: Tokenizer) => { parseAsRoot(): AstNode } };
  lexer: Lexer;
  compiler: { Compiler: CompilerConstructor };
  nodes: { readonly [typename: string]: AstNodeConstructor };
  runtime: NunjucksRuntime;
}

export async function loadNunjucks(): Promise<NunjucksInternals> {
  const module = await import('nunjucks');
  return (module.default ?? module) as unknown as NunjucksInternals;
}
