// Source text to a render function: nunjucks parses (with Ansible's trim_blocks=True, lstrip_blocks=False),
// ast-rewrite.ts gives operators Python's meaning, and a compiler subclass records the template line before
// every filter and test call, so that an error anywhere in an expression names its line.
import { rewriteTemplate } from './ast-rewrite.js';
import { jinjaTokenizer } from './jinja-tokenizer.js';
import type { AstNode, CompilerConstructor, CompilerInstance, LexerOptions, NunjucksInternals } from './nunjucks-internals.js';
import type { NunjucksRuntime } from './runtime.js';

export type RootRenderFunction = (
  env: unknown,
  context: unknown,
  frame: unknown,
  runtime: NunjucksRuntime,
  callback: (error: unknown, output: string | undefined) => void,
) => void;

export interface CompiledTemplate {
  readonly render: RootRenderFunction;
  /** The template is a single `{{ expr }}` whose value is kept as is (a list stays a list). */
  readonly native: boolean;
}

interface PositionTrackingMethods {
  compileFilter(node: AstNode, frame: unknown): void;
}

function positionTrackingCompiler(Base: CompilerConstructor): CompilerConstructor {
  const base = Base.prototype as unknown as PositionTrackingMethods;
  class PositionTrackingCompiler extends Base {
    compileFilter(node: AstNode, frame: unknown): void {
      this.trackPosition(node, () => base.compileFilter.call(this, node, frame));
    }
    // nunjucks' own compileIs drops the commas between a test's arguments (`version('3.5', '>=')`).
    compileIs(node: AstNode, frame: unknown): void {
      const fields = node as unknown as { left: AstNode; right: AstNode & { name?: { value: string }; value?: string; args?: { children: AstNode[] } } };
      const name = fields.right.name ? fields.right.name.value : String(fields.right.value);
      const self = this as CompilerInstance;
      self._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, env.getTest(${JSON.stringify(name)}).call(context, `);
      self.compile(fields.left, frame);
      for (const arg of fields.right.args?.children ?? []) {
        self._emit(', ');
        self.compile(arg, frame);
      }
      self._emit(') === true)');
    }
    private trackPosition(node: AstNode, emitCall: () => void): void {
      (this as CompilerInstance)._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
      emitCall();
      (this as CompilerInstance)._emit(')');
    }
  }
  return PositionTrackingCompiler;
}

export class TemplateCompiler {
  private readonly Compiler: CompilerConstructor;

  constructor(private readonly nunjucks: NunjucksInternals) {
    this.Compiler = positionTrackingCompiler(nunjucks.compiler.Compiler);
  }

  /** Throws nunjucks' own error (with 0-based lineno/colno) for a syntax error. */
  compile(source: string, name: string, wantNative: boolean): CompiledTemplate {
    const options: LexerOptions = { trimBlocks: true, lstripBlocks: false };
    const parsed = new this.nunjucks.parser.Parser(jinjaTokenizer(this.nunjucks.lexer, source, options)).parseAsRoot();
    const { root, native } = rewriteTemplate(parsed, this.nunjucks.nodes, wantNative);
    const compiler = new this.Compiler(name, false);
    compiler.compile(root);
    // nunjucks' compiler emits the body of a module that returns { root, b_<block>... }.
    const factory = new Function(compiler.getCode()) as () => { root: RootRenderFunction };
    return { render: factory().root, native };
  }
}
