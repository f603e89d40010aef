import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { parseSimpleYaml } from './simple-yaml.js';
import { assignVars, type InventoryMapping, type InventoryValue, setKey } from './values.js';

// Ansible reads YAML with PyYAML, which follows YAML 1.1: `yes`/`on` are booleans, `010` is octal, `1:20` is 80,
// but `1e3` stays text. The `yaml` package parses (with positions); we resolve plain scalars ourselves with
// PyYAML's rules, so that values equal what ansible-inventory prints.

const BOOL_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const NULL = /^(?:~|null|Null|NULL|)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((total, part) => total * 60 + Number(part), 0);
}

function toInt(text: string): number {
  let body = text.replaceAll('_', '');
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (body === '0') return 0;
  if (body.startsWith('0b')) return sign * parseInt(body.slice(2), 2);
  if (body.startsWith('0x')) return sign * parseInt(body.slice(2), 16);
  if (body.startsWith('0')) return sign * parseInt(body.slice(1), 8);
  if (body.includes(':')) return sign * sexagesimal(body);
  return sign * Number(body);
}

function toFloat(text: string): number {
  let body = text.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body[0] === '-') sign = -1;
    body = body.slice(1);
  }
  if (body === '.inf') return sign * Infinity;
  if (body === '.nan') return NaN;
  if (body.includes(':')) {
    const [whole, fraction] = body.split('.');
    return sign * (sexagesimal(whole!) + Number(`0.${fraction ?? ''}`));
  }
  return sign * Number(body);
}

/** The value PyYAML gives an untagged plain scalar. Timestamps stay text (ansible-inventory prints dates as text). */
export function resolvePlainScalar(text: string): InventoryValue {
  if (NULL.test(text)) return null;
  if (BOOL_TRUE.test(text)) return true;
  if (BOOL_FALSE.test(text)) return false;
  if (INT.test(text)) return toInt(text);
  if (FLOAT.test(text)) return toFloat(text);
  return text;
}

export interface YamlFile {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export interface Position {
  line: number;
  col: number;
}

export function positionOf(yaml: YamlFile, node: Node | null | undefined): Position {
  const offset = node?.range?.[0] ?? 0;
  return yaml.lines.linePos(offset);
}

const YAML_ERROR_CODES: Readonly<Record<string, { code: string; hint: string }>> = {
  TAB_AS_INDENT: { code: 'QUORUM_INVENTORY_YAML_TAB', hint: 'indent YAML with spaces, never tabs' },
  DUPLICATE_KEY: { code: 'QUORUM_INVENTORY_DUPLICATE_KEY', hint: 'keep only one of the entries; Ansible would silently use the last' },
  MULTIPLE_DOCS: { code: 'QUORUM_INVENTORY_YAML_SYNTAX', hint: 'an inventory or vars file holds one YAML document: remove the extra `---`' },
};

/** The key written at `offset`: the text up to the colon, without quotes. */
function keyAt(text: string, offset: number): string {
  const rest = /^[^\n]*/.exec(text.slice(offset))![0];
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  if (quoted) return quoted[2]!;
  return rest.replace(/:(?:\s.*)?$/, '').trim();
}

function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '...' : text;
}

/**
 * The parser notices an unclosed `[`, `{` or quote only where the next key starts; users need the line that
 * opened it. Looks back from there for the nearest line with more openers than closers.
 */
function findUnclosed(sourceLines: readonly string[], errorLine: number): { line: number; col: number; what: string; hint: string } | undefined {
  for (let n = Math.min(errorLine, sourceLines.length); n >= 1 && n > errorLine - 50; n--) {
    const textLine = sourceLines[n - 1]!.replace(/\s#.*$/, '');
    for (const [open, close] of [['[', ']'], ['{', '}']] as const) {
      const opened = textLine.split(open).length - 1;
      if (opened > textLine.split(close).length - 1) {
        return { line: n, col: textLine.indexOf(open) + 1, what: `'${open}'`, hint: `close it with '${close}', or quote the value if the ${open} is text` };
      }
    }
    for (const quote of ['"', "'"]) {
      if ((textLine.split(quote).length - 1) % 2 === 1) {
        return { line: n, col: textLine.indexOf(quote) + 1, what: `the quote ${quote}`, hint: `end the text with another ${quote} on the same line` };
      }
    }
  }
  return undefined;
}

/**
 * Parses one YAML (or JSON) file; the diagnostics name each syntax problem with its line and column. Plain YAML
 * is read by the fast reader (simple-yaml.ts), which gives the same nodes; the rest by the `yaml` package.
 */
export function parseYamlFile(file: string, text: string): { yaml: YamlFile; diagnostics: Diagnostic[] } {
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) {
    const doc = new Document(null) as Document.Parsed;
    doc.contents = simple.contents;
    return { yaml: { file, doc, lines: simple.lines }, diagnostics: [] };
  }
  return parseYamlFileFully(file, text);
}

/** parseYamlFile with the `yaml` package alone (the fast reader's tests compare the two). */
export function parseYamlFileFully(file: string, text: string): { yaml: YamlFile; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const sourceLines = text.split(/\r?\n/);
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    const unclosed = /end with a [\]}]|Missing closing/.test(reason) ? findUnclosed(sourceLines, lines.linePos(error.pos[0]).line) : undefined;
    if (unclosed) {
      return {
        severity: 'error',
        code: 'QUORUM_INVENTORY_YAML_SYNTAX',
        message: `YAML syntax error at '${shorten(sourceLines[unclosed.line - 1]!.trim())}': ${unclosed.what} is never closed`,
        file,
        line: unclosed.line,
        col: unclosed.col,
        hint: unclosed.hint,
      };
    }
    const { line, col } = lines.linePos(error.pos[0]);
    const known = YAML_ERROR_CODES[error.code];
    const lineText = (sourceLines[line - 1] ?? '').trim();
    const message =
      error.code === 'DUPLICATE_KEY'
        ? `duplicate key '${keyAt(text, error.pos[0])}'`
        : `YAML syntax error${lineText ? ` at '${shorten(lineText)}'` : ''}: ${reason}`;
    return {
      severity: 'error',
      code: known?.code ?? 'QUORUM_INVENTORY_YAML_SYNTAX',
      message,
      file,
      line,
      col,
      hint: known?.hint ?? 'fix the YAML syntax at this position',
    };
  });
  return { yaml: { file, doc, lines }, diagnostics };
}

const STRING_TAGS = new Set(['tag:yaml.org,2002:str', '!unsafe']);

function scalarValue(yaml: YamlFile, node: Scalar, diagnostics: Diagnostic[]): InventoryValue {
  const text = String(node.value ?? '');
  const tag = node.tag;
  if (!tag) return node.type === 'PLAIN' ? resolvePlainScalar(text) : text;
  if (STRING_TAGS.has(tag)) return text;
  if (tag === 'tag:yaml.org,2002:int' && INT.test(text)) return toInt(text);
  if (tag === 'tag:yaml.org,2002:float' && (FLOAT.test(text) || INT.test(text))) return toFloat(text);
  if (tag === 'tag:yaml.org,2002:bool' && (BOOL_TRUE.test(text) || BOOL_FALSE.test(text))) return BOOL_TRUE.test(text);
  if (tag === 'tag:yaml.org,2002:null') return null;
  const { line, col } = positionOf(yaml, node);
  diagnostics.push({
    severity: 'error',
    code: tag === '!vault' ? 'QUORUM_INVENTORY_VAULT' : 'QUORUM_INVENTORY_YAML_TAG',
    message: tag === '!vault' ? 'vault-encrypted values are not supported' : `unsupported YAML tag ${tag} on '${text}'`,
    file: yaml.file,
    line,
    col,
    hint: tag === '!vault' ? 'pass the secret another way (for example -e @file)' : 'remove the tag or use !!str, !!int, !!float, !!bool, !!null',
  });
  return text;
}

/** The text Ansible would use as the key of a mapping entry (Python dict keys become JSON keys this way). */
export function keyToText(value: InventoryValue): string {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value);
}

/** Converts a YAML node to a plain value with PyYAML's meaning, following aliases and `<<` merge keys. */
export function nodeToValue(yaml: YamlFile, node: unknown, diagnostics: Diagnostic[]): InventoryValue {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return nodeToValue(yaml, node.resolve(yaml.doc), diagnostics);
  if (isScalar(node)) return scalarValue(yaml, node, diagnostics);
  if (isSeq(node)) return node.items.map((item) => nodeToValue(yaml, item, diagnostics));
  if (isMap(node)) {
    const merged: InventoryMapping = {};
    const own: InventoryMapping = {};
    for (const pair of node.items) {
      const key = pair.key;
      if (isScalar(key) && key.type === 'PLAIN' && key.value === '<<' && !key.tag) {
        // Merge keys give defaults: the mapping's own keys win, and earlier merged mappings win over later ones.
        const sources = nodeToValue(yaml, pair.value, diagnostics);
        for (const source of (Array.isArray(sources) ? sources : [sources]).reverse()) {
          if (source && typeof source === 'object' && !Array.isArray(source)) assignVars(merged, source);
        }
        continue;
      }
      setKey(own, keyToText(nodeToValue(yaml, key, diagnostics)), nodeToValue(yaml, pair.value, diagnostics));
    }
    assignVars(merged, own);
    return merged;
  }
  return null;
}
