// YAML text laid out as PyYAML's yaml.dump does it for Ansible's to_yaml / to_nice_yaml, so that rendered
// config files match what Ansible writes: keys sorted, sequences under a key not indented, a dict inside a
// list starting on the dash line ("-   key: v" with indent 4), and strings quoted only when YAML 1.1 would
// read them as something else ('yes', '123', '').
import { isPlainObject, plainValue } from '../python-value.js';

export interface DumpStyle {
  readonly indent: number;
  /** PyYAML's default_flow_style=None: lists and dicts holding only scalars are written inline. */
  readonly inlineLeaves: boolean;
}

// Words and forms that YAML 1.1 resolves to booleans, null, numbers or timestamps: strings like these are quoted.
const RESOLVES_TO_OTHER_TYPE = [
  /^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  /^(~|null|Null|NULL)$/,
  /^[-+]?(0|[1-9][0-9_]*|0b[01_]+|0[0-7_]+|0x[0-9a-fA-F_]+|[1-9][0-9_]*(:[0-5]?[0-9])+)$/,
  /^[-+]?(([0-9][0-9_]*)?\.[0-9_]*([eE][-+][0-9]+)?|[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|\.(inf|Inf|INF)|\.(nan|NaN|NAN))$/,
  /^\d{4}-\d{1,2}-\d{1,2}/,
];

function isPlainSafe(text: string): boolean {
  if (text === '' || text !== text.trim()) return false;
  if (RESOLVES_TO_OTHER_TYPE.some((pattern) => pattern.test(text))) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^[-?:][^\s]/.test(text)) return false;
  if (/^[-?:]$/.test(text)) return false;
  if (text.includes(': ') || text.includes(' #') || text.endsWith(':')) return false;
  return !/[\x00-\x1f\x7f-\x9f]/.test(text);
}

function scalar(value: unknown, inFlow: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  const text = String(value);
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(text)) return JSON.stringify(text);
  if (isPlainSafe(text) && !(inFlow && /[,[\]{}]/.test(text))) return text;
  return `'${text.replace(/'/g, "''")}'`;
}

function isCollection(value: unknown): value is unknown[] | { [key: string]: unknown } {
  return Array.isArray(value) || isPlainObject(value);
}

function sortedEntries(value: { [key: string]: unknown }): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function isEmpty(value: unknown[] | { [key: string]: unknown }): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

function flow(value: unknown[] | { [key: string]: unknown }): string {
  if (Array.isArray(value)) return '[' + value.map((item) => scalar(item, true)).join(', ') + ']';
  return '{' + sortedEntries(value).map(([key, item]) => `${scalar(key, true)}: ${scalar(item, true)}`).join(', ') + '}';
}

function writesInline(value: unknown[] | { [key: string]: unknown }, style: DumpStyle): boolean {
  if (isEmpty(value)) return true;
  const items = Array.isArray(value) ? value : Object.values(value);
  return style.inlineLeaves && items.every((item) => !isCollection(plainValue(item)));
}

/** Lines of `value` written as a block at column `indent`. */
function block(value: unknown[] | { [key: string]: unknown }, indent: number, style: DumpStyle): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  if (Array.isArray(value)) {
    const dash = '-'.padEnd(style.indent, ' ');
    for (const raw of value) {
      const item = plainValue(raw);
      if (!isCollection(item) || writesInline(item, style)) {
        lines.push(`${pad}- ${isCollection(item) ? flow(item) : scalar(item, false)}`);
        continue;
      }
      const inner = block(item, indent + style.indent, style);
      lines.push(pad + dash + (inner[0] ?? '').slice(indent + style.indent), ...inner.slice(1));
    }
    return lines;
  }
  for (const [key, raw] of sortedEntries(value)) {
    const item = plainValue(raw);
    const name = scalar(key, false);
    if (!isCollection(item)) lines.push(`${pad}${name}: ${scalar(item, false)}`);
    else if (writesInline(item, style)) lines.push(`${pad}${name}: ${flow(item)}`);
    else if (Array.isArray(item)) lines.push(`${pad}${name}:`, ...block(item, indent, style));
    else lines.push(`${pad}${name}:`, ...block(item, indent + style.indent, style));
  }
  return lines;
}

export function dumpPyYaml(value: unknown, style: DumpStyle): string {
  const plain = plainValue(value);
  if (!isCollection(plain)) return scalar(plain, false) + '\n';
  if (writesInline(plain, style)) return flow(plain) + '\n';
  return block(plain, 0, style).join('\n') + '\n';
}
