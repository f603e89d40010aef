// Reads one YAML file into plain values plus the parsed document, so that every later check can point at
// the exact line and column of the key or value it is about. Problems come back as diagnostics, never thrown.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isAlias, isMap, isPair, isSeq, isScalar, visit, type Document, type Tags } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import type { YamlValue } from './types.js';

export interface YamlSource {
  /** The file as it appears in messages. */
  file: string;
  document: Document.Parsed;
  lineCounter: LineCounter;
  value: YamlValue;
}

export interface YamlReadResult {
  /** Undefined when the file could not be read or parsed; the diagnostics then say why. */
  source?: YamlSource;
  diagnostics: Diagnostic[];
}

// PyYAML (and so Ansible) reads YAML 1.1 but treats only yes/no/true/false/on/off as booleans, not y/n; and
// it would turn dates into date objects, which no variable of ours wants. Keep everything else of YAML 1.1
// (0644 is octal, `<<` merges), as playbooks written for Ansible expect.
const pyyamlTrue = /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const pyyamlFalse = /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const droppedTags = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

function ansibleTags(tags: Tags): Tags {
  return tags
    .filter((tag) => typeof tag === 'string' || !droppedTags.has(tag.tag))
    .map((tag) => {
      if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:bool' || !('test' in tag) || !tag.test) return tag;
      const isTrue = tag.test.test('true');
      return { ...tag, test: isTrue ? pyyamlTrue : pyyamlFalse };
    });
}

const yamlCodes: Readonly<Record<string, { code: string; hint?: string }>> = {
  DUPLICATE_KEY: { code: 'QUORUM_YAML_DUPLICATE_KEY', hint: 'remove one of the two, or rename it' },
  TAB_AS_INDENT: { code: 'QUORUM_YAML_TAB', hint: 'indent with spaces; YAML does not allow tabs there' },
};

export async function readYamlFile(path: string, displayName: string): Promise<YamlReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return { diagnostics: [unreadableFile(displayName, err)] };
  }
  return parseYamlText(text, displayName);
}

function unreadableFile(file: string, err: unknown): Diagnostic {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'it is a directory, not a file'
          : (err as Error).message;
  return { severity: 'error', code: 'QUORUM_FILE_UNREADABLE', message: `cannot read the file: ${why}`, file };
}

export function parseYamlText(text: string, file: string): YamlReadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    version: '1.1',
    merge: true,
    customTags: ansibleTags,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const diagnostics: Diagnostic[] = [];
  let syntaxErrorSeen = false;
  for (const problem of [...document.errors, ...document.warnings]) {
    const known = yamlCodes[problem.code];
    // One syntax error makes the parser stumble over what follows: only the first one is about the mistake.
    if (!known && syntaxErrorSeen) continue;
    if (!known) syntaxErrorSeen = true;
    const at = problem.linePos?.[0];
    // The yaml package appends the offending source lines after the first line: keep the one-line summary.
    const summary = (problem.message.split('\n')[0] ?? problem.message).replace(/ at line \d+, column \d+:?$/, '');
    const duplicate = problem.code === 'DUPLICATE_KEY' ? /^["']?([^"':\n]+)/.exec(text.slice(problem.pos[0]))?.[1] : undefined;
    diagnostics.push({
      severity: 'error',
      code: known?.code ?? 'QUORUM_YAML_SYNTAX',
      message: duplicate ? `the key '${duplicate.trim()}' appears twice in this mapping` : summary,
      file,
      line: at?.line,
      col: at?.col,
      hint: known?.hint,
    });
  }
  diagnostics.push(...unquotedTemplates(document, lineCounter, file));
  if (diagnostics.length > 0) return { diagnostics };
  try {
    const value = (document.toJS({ maxAliasCount: 1000 }) ?? null) as YamlValue;
    return { source: { file, document, lineCounter, value }, diagnostics };
  } catch (err) {
    // The parser accepts an alias whose anchor is never set (`*x`) and an alias bomb; turning them into values
    // throws. Report it at the alias concerned.
    return { diagnostics: [aliasProblem(document, lineCounter, file, err instanceof Error ? err.message : String(err))] };
  }
}

function aliasProblem(document: Document.Parsed, lineCounter: LineCounter, file: string, message: string): Diagnostic {
  const name = /: (\S+)$/.exec(message)?.[1];
  let offset = 0;
  visit(document, {
    Alias(_, alias) {
      if (name === undefined || alias.source === name) {
        offset = alias.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  const { line, col } = lineCounter.linePos(offset);
  return { severity: 'error', code: 'QUORUM_YAML_ALIAS', message: message.replace(/\s+/g, ' '), file, line, col, hint: 'define the anchor (&name) before the alias (*name)' };
}

// `when: {{ x }}` parses as a mapping whose key is a mapping: Ansible's most common YAML mistake. Report it
// with the fix rather than letting the value become a strange object.
function unquotedTemplates(document: Document.Parsed, lineCounter: LineCounter, file: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  visit(document, {
    Pair(_, pair, ancestors) {
      if (isMap(pair.key) || isSeq(pair.key)) {
        // Point at the mapping that holds the odd key: for `when: {{ x }}` that is the `{{` the user typed.
        const looksTemplated = isMap(pair.key) && pair.key.flow === true;
        const holder = ancestors[ancestors.length - 1];
        const offset = (looksTemplated && isMap(holder) ? holder.range?.[0] : undefined) ?? pair.key.range?.[0] ?? 0;
        const { line, col } = lineCounter.linePos(offset);
        found.push({
          severity: 'error',
          code: looksTemplated ? 'QUORUM_YAML_UNQUOTED_TEMPLATE' : 'QUORUM_YAML_COMPLEX_KEY',
          message: looksTemplated
            ? 'a value that starts with "{{" must be quoted, or YAML reads it as a mapping'
            : 'a mapping key must be a plain value, not a list or mapping',
          file,
          line,
          col,
          hint: looksTemplated ? 'write it as "{{ ... }}"' : undefined,
        });
        return visit.SKIP;
      }
      return undefined;
    },
  });
  return found;
}

export type PathSegment = string | number;

/**
 * Where the node at `path` starts: its key when `at` is 'key' (for "unknown key" messages), else its value.
 * Falls back to the nearest enclosing node that exists, so a message always has a position.
 */
export function positionOf(
  source: YamlSource,
  path: readonly PathSegment[],
  at: 'key' | 'value' = 'value',
): { file: string; line: number; col: number } {
  let node: unknown = source.document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const segment of path) {
    node = resolveAlias(source.document, node);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const keyStart = rangeStart(pair.key);
      const valueStart = rangeStart(pair.value);
      offset = (at === 'key' && segment === path[path.length - 1] ? keyStart : (valueStart ?? keyStart)) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  const { line, col } = source.lineCounter.linePos(offset);
  return { file: source.file, line, col };
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as { range?: [number, number, number] | null }).range;
    return range?.[0];
  }
  return undefined;
}

function resolveAlias(document: Document.Parsed, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}
