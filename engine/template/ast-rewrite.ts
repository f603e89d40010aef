// Rewrites a parsed template so that Jinja's operators keep Python's meaning. nunjucks compiles `a + b`,
// `a == b`, `not a`, `a or b` and `if a` to the same JavaScript operators, which concatenate lists as strings,
// coerce '1' == 1, and treat [] and {} as true. Each such node becomes a call of an internal filter
// (operators.ts) that applies Python's rule and refuses undefined operands. `a or b` / `a and b` become inline
// ifs so that the right side is still evaluated only when needed (`x is defined and x > 1`).
import type { AstNode, AstNodeConstructor } from './nunjucks-internals.js';

export const INTERNAL_FILTERS = {
  truthy: '__quorum_truthy',
  arithmetic: '__quorum_arithmetic',
  negate: '__quorum_negate',
  strict: '__quorum_strict',
  concat: '__quorum_concat',
  compare: '__quorum_compare',
  output: '__quorum_output',
} as const;

export const NATIVE_RESULT = '__quorum_native_result';

const ARITHMETIC: { readonly [typename: string]: string } = {
  Add: '+',
  Sub: '-',
  Mul: '*',
  Div: '/',
  FloorDiv: '//',
  Mod: '%',
  Pow: '**',
};

type Fields = { [field: string]: unknown };

export class LoopFilterUnsupported extends Error {
  constructor() {
    super("loop filters ('{% for x in items if condition %}') are not supported: filter the list first (items | selectattr(...) / select(...)) or put an {% if %} inside the loop");
    this.name = 'LoopFilterUnsupported';
  }
}

function fieldsOf(node: AstNode): Fields {
  return node as unknown as Fields;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { typename?: unknown }).typename === 'string';
}

class Rewriter {
  constructor(private readonly nodes: { readonly [typename: string]: AstNodeConstructor }) {}

  private make(typename: string, at: AstNode, ...fields: unknown[]): AstNode {
    const Node = this.nodes[typename];
    if (!Node) throw new Error(`nunjucks has no ${typename} node`);
    return new Node(at.lineno, at.colno, ...fields);
  }

  private callFilter(name: string, at: AstNode, args: unknown[]): AstNode {
    const NodeList = this.nodes.NodeList as AstNodeConstructor;
    const list = new NodeList(at.lineno, at.colno, args);
    return this.make('Filter', at, this.make('Symbol', at, name), list);
  }

  private literal(at: AstNode, value: unknown): AstNode {
    return this.make('Literal', at, value);
  }

  private truthy(node: AstNode): AstNode {
    return this.callFilter(INTERNAL_FILTERS.truthy, node, [node]);
  }

  rewrite(node: AstNode): AstNode {
    const fields = fieldsOf(node);
    // NodeLists keep their nodes in `children`, which is also listed in their fields: visit each node once.
    for (const name of node.fields) {
      const value = fields[name];
      if (isNode(value)) fields[name] = this.rewrite(value);
      else if (Array.isArray(value)) fields[name] = value.map((item) => (isNode(item) ? this.rewrite(item) : item));
    }
    return this.replace(node, fields);
  }

  private replace(node: AstNode, fields: Fields): AstNode {
    const operator = ARITHMETIC[node.typename];
    if (operator) return this.callFilter(INTERNAL_FILTERS.arithmetic, node, [this.literal(node, operator), fields.left, fields.right]);
    switch (node.typename) {
      case 'Or':
        return this.make('InlineIf', node, this.truthy(fields.left as AstNode), fields.left, fields.right);
      case 'And':
        return this.make('InlineIf', node, this.truthy(fields.left as AstNode), fields.right, fields.left);
      case 'Not':
        fields.target = this.truthy(fields.target as AstNode);
        return node;
      case 'If':
      case 'IfAsync':
      case 'InlineIf':
        fields.cond = this.truthy(fields.cond as AstNode);
        return node;
      case 'Neg':
        return this.callFilter(INTERNAL_FILTERS.negate, node, [fields.target]);
      case 'Pos':
        return this.callFilter(INTERNAL_FILTERS.strict, node, [fields.target]);
      case 'Concat':
        return this.callFilter(INTERNAL_FILTERS.concat, node, [fields.left, fields.right]);
      case 'Compare': {
        const operands: unknown[] = [fields.expr];
        for (const op of fields.ops as AstNode[]) {
          const operand = fieldsOf(op);
          operands.push(this.literal(op, operand.type), operand.expr);
        }
        return this.callFilter(INTERNAL_FILTERS.compare, node, operands);
      }
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll': {
        const arr = fields.arr as AstNode;
        if (arr.typename === 'InlineIf' && fieldsOf(arr).else_ === null) {
          // nunjucks reads Jinja's loop filter as an inline if evaluated outside the loop.
          throw new LoopFilterUnsupported();
        }
        return node;
      }
      case 'Group':
        // `('a', 3)` is a tuple in Jinja; nunjucks would compile it to JavaScript's comma operator.
        return (fields.children as AstNode[]).length > 1 ? this.make('Array', node, fields.children) : node;
      case 'Output':
        // Printing goes through a filter too, so that a failure there records the template line.
        fields.children = (fields.children as AstNode[]).map((child) =>
          child.typename === 'TemplateData' ? child : this.callFilter(INTERNAL_FILTERS.output, child, [child]),
        );
        return node;
      default:
        return node;
    }
  }

  /** `{{ expr }}` alone: assign the expression to a variable instead of printing it, to keep its native type. */
  captureSingleExpression(root: AstNode): boolean {
    const children = fieldsOf(root).children as AstNode[];
    if (children.length !== 1 || children[0]?.typename !== 'Output') return false;
    const outputChildren = fieldsOf(children[0]).children as AstNode[];
    const expression = outputChildren[0];
    if (outputChildren.length !== 1 || !expression || expression.typename === 'TemplateData') return false;
    const target = this.make('Symbol', expression, NATIVE_RESULT);
    children[0] = this.make('Set', expression, [target], expression);
    return true;
  }
}

export interface RewrittenTemplate {
  root: AstNode;
  /** True when the template is one `{{ expr }}` whose value is captured in NATIVE_RESULT. */
  native: boolean;
}

export function rewriteTemplate(
  root: AstNode,
  nodes: { readonly [typename: string]: AstNodeConstructor },
  wantNative: boolean,
): RewrittenTemplate {
  const rewriter = new Rewriter(nodes);
  const native = wantNative && rewriter.captureSingleExpression(root);
  return { root: rewriter.rewrite(root), native };
}
