// to_json, to_nice_json, to_yaml, to_nice_yaml, from_json, from_yaml, b64encode, b64decode, with the output
// Ansible gives: Python's json.dumps spacing and \u escapes, PyYAML's layout (sorted keys; to_yaml writes
// lists and dicts of scalars inline, to_nice_yaml indents by 4).
import { Buffer } from 'node:buffer';
import { parse as parseYaml } from 'yaml';
import type { FilterTable } from '../callables.js';
import { bindArguments } from '../kwargs.js';
import { plainValue, pythonTypeName } from '../python-value.js';
import { TemplateUsageError } from '../usage-error.js';
import { asBoolean, asString } from './coerce.js';
import { dumpPyYaml } from './pyyaml-dump.js';

interface JsonStyle {
  indent?: number;
  sortKeys: boolean;
  itemSeparator: string;
  keySeparator: string;
  ensureAscii: boolean;
}

function jsonString(text: string, ensureAscii: boolean): string {
  const encoded = JSON.stringify(text);
  return ensureAscii ? encoded.replace(/[\u007f-\uffff]/g, (ch) => '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0')) : encoded;
}

/** Python's json.dumps for JSON-like values. */
export function pythonJsonDumps(value: unknown, style: JsonStyle, depth = 0): string {
  const plain = plainValue(value);
  if (plain === null || plain === undefined) return 'null';
  if (typeof plain === 'boolean') return plain ? 'true' : 'false';
  if (typeof plain === 'number') return Number.isFinite(plain) ? String(plain) : Number.isNaN(plain) ? 'NaN' : plain > 0 ? 'Infinity' : '-Infinity';
  if (typeof plain === 'string') return jsonString(plain, style.ensureAscii);
  const newline = style.indent === undefined ? '' : '\n' + ' '.repeat(style.indent * (depth + 1));
  const closing = style.indent === undefined ? '' : '\n' + ' '.repeat(style.indent * depth);
  if (Array.isArray(plain)) {
    if (plain.length === 0) return '[]';
    return '[' + newline + plain.map((item) => pythonJsonDumps(item, style, depth + 1)).join(style.itemSeparator + newline) + closing + ']';
  }
  if (typeof plain === 'object') {
    const entries = Object.entries(plain);
    if (style.sortKeys) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (entries.length === 0) return '{}';
    const body = entries.map(([key, item]) => jsonString(key, style.ensureAscii) + style.keySeparator + pythonJsonDumps(item, style, depth + 1));
    return '{' + newline + body.join(style.itemSeparator + newline) + closing + '}';
  }
  throw new TemplateUsageError(`Object of type ${pythonTypeName(plain)} is not JSON serializable`);
}

export const serializationFilters: FilterTable = {
  to_json(input, ...args) {
    const { indent, sort_keys: sortKeys, ensure_ascii: ensureAscii = true } = bindArguments('to_json', args, ['indent', 'sort_keys', 'ensure_ascii']);
    const indented = typeof indent === 'number';
    return pythonJsonDumps(input, {
      indent: indented ? indent : undefined,
      sortKeys: asBoolean(sortKeys),
      itemSeparator: indented ? ',' : ', ',
      keySeparator: ': ',
      ensureAscii: asBoolean(ensureAscii),
    });
  },
  to_nice_json(input, ...args) {
    const { indent = 4, sort_keys: sortKeys = true } = bindArguments('to_nice_json', args, ['indent', 'sort_keys']);
    return pythonJsonDumps(input, { indent: Number(indent), sortKeys: asBoolean(sortKeys), itemSeparator: ',', keySeparator: ': ', ensureAscii: true });
  },
  to_yaml(input, ...args) {
    const { indent = 2 } = bindArguments('to_yaml', args, ['indent']);
    return dumpPyYaml(input, { indent: Number(indent), inlineLeaves: true });
  },
  to_nice_yaml(input, ...args) {
    const { indent = 4 } = bindArguments('to_nice_yaml', args, ['indent']);
    return dumpPyYaml(input, { indent: Number(indent), inlineLeaves: false });
  },
  from_json(input) {
    try {
      return JSON.parse(asString(input)) as unknown;
    } catch (error) {
      throw new TemplateUsageError(`from_json: the input is not valid JSON (${(error as Error).message})`);
    }
  },
  from_yaml(input) {
    try {
      return parseYaml(asString(input), { version: '1.1' }) as unknown;
    } catch (error) {
      throw new TemplateUsageError(`from_yaml: the input is not valid YAML (${(error as Error).message.split('\n')[0]})`);
    }
  },
  b64encode: (input) => Buffer.from(asString(input), 'utf8').toString('base64'),
  b64decode: (input) => Buffer.from(asString(input), 'base64').toString('utf8'),
};
