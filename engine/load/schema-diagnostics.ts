// Turns ajv's errors into quorum's diagnostics: one clear line each, at the YAML position of the key or
// value concerned, with a hint where one helps. ajv runs with `allErrors` and `verbose`, so every error
// carries the schema it broke (whose `title` names the thing) and the offending data.
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import { moduleNames, resolveModuleName } from '../modules/names.js';
import { variableName } from './schemas/common.js';
import { closestMatch } from './did-you-mean.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

/** Keys people carry over from Ansible features quorum does not have, with what to do instead. */
const unsupportedKeyHints: Readonly<Record<string, string>> = {
  action: "name the module as the task's key instead, e.g. `command: ...`",
  local_action: 'use `delegate_to: localhost` with the module as the key',
  include: 'use include_tasks or import_tasks',
  vars_prompt: 'quorum does not prompt: pass the value with -e name=value',
  rescue: "'rescue' belongs to a block: put the tasks under 'block:'",
  always: "'always' belongs to a block: put the tasks under 'block:'",
  with_list: "use 'loop:'",
  with_dict: "use 'loop: \"{{ x | dict2items }}\"'",
};

export function isUnsupportedAnsibleKey(key: string): boolean {
  return key in unsupportedKeyHints;
}

/** How a JSON type reads in a message. */
const typeWords: Readonly<Record<string, string>> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
  null: 'empty',
};

export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** `/0/tasks/2/when` -> [0, 'tasks', 2, 'when'], following the data to know which segments are list indexes. */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(key);
      path.push(index);
      node = node[index];
    } else {
      path.push(key);
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    }
  }
  return path;
}

/** The key a message talks about: the last mapping key on the path ("item 3 of 'tasks'" for list items). */
function subject(path: readonly PathSegment[]): string {
  const last = path[path.length - 1];
  if (typeof last === 'string') return `'${last}'`;
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return typeof parent === 'string' ? `item ${last + 1} of '${parent}'` : `item ${last + 1}`;
  }
  return 'the document';
}

function titleOf(schema: unknown): string | undefined {
  return schema && typeof schema === 'object' && 'title' in schema ? String((schema as { title: unknown }).title) : undefined;
}

export function unknownKeyHint(key: string, allowed: readonly string[], isTaskLike: boolean, isBlock: boolean): string | undefined {
  const known = unsupportedKeyHints[key];
  if (known && !(isBlock && (key === 'rescue' || key === 'always'))) return known;
  const shortModules: readonly string[] = moduleNames;
  if (isBlock && resolveModuleName(key)) return 'a block runs no module itself: move it into a task under the block';
  const keywords = allowed.filter((k) => !k.includes('.') && !shortModules.includes(k));
  const keyword = closestMatch(key, keywords);
  if (keyword) return `did you mean '${keyword}'?`;
  if (isTaskLike) {
    const shortKey = key.replace(/^[a-z0-9_]+\.[a-z0-9_]+\./, '');
    const module = closestMatch(shortKey, shortModules);
    if (module) return `did you mean the module '${module}'?`;
    return `quorum has no module or task keyword of that name; its modules are ${shortModules.join(', ')}`;
  }
  return allowed.length > 0 && allowed.length <= 12 ? `allowed keys: ${allowed.join(', ')}` : undefined;
}

export function schemaErrorToDiagnostic(error: ErrorObject, source: YamlSource): Diagnostic | undefined {
  // `if` reports that its `then` failed; the errors inside `then` say what is wrong. Errors inside
  // `propertyNames` are reported once, by the propertyNames error itself.
  if (error.keyword === 'if' || (error as { propertyName?: string }).propertyName !== undefined) return undefined;
  const path = pointerToPath(error.instancePath, source.value);
  const title = titleOf(error.parentSchema);
  const at = (p: readonly PathSegment[], where: 'key' | 'value' = 'value') => positionOf(source, p, where);
  const diagnostic = (code: string, message: string, position: { file: string; line: number; col: number }, hint?: string): Diagnostic => ({
    severity: 'error',
    code,
    message,
    ...position,
    hint,
  });

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const taskLike = title === 'a task' || title === 'a handler';
      return diagnostic(
        'QUORUM_SCHEMA_UNKNOWN_KEY',
        `unknown key '${key}' in ${title ?? 'this mapping'}`,
        at([...path, key], 'key'),
        unknownKeyHint(key, Object.keys(properties), taskLike, title === 'a block'),
      );
    }
    case 'required': {
      const key = String(error.params.missingProperty);
      return diagnostic('QUORUM_SCHEMA_MISSING_KEY', `${title ?? 'this mapping'} needs '${key}'`, at(path), `add '${key}:'`);
    }
    case 'type': {
      const wanted = String(error.params.type).split(',').map((t) => typeWords[t] ?? t);
      // A whole document or list item reads better by what it is ("a vars file", "a task") than by position.
      const thing = title && (path.length === 0 || typeof path[path.length - 1] === 'number') ? title : subject(path);
      return diagnostic('QUORUM_SCHEMA_TYPE', `${thing} must be ${listWords(wanted)}, not ${describeValue(error.data)}`, at(path));
    }
    case 'enum': {
      const allowed = (error.params.allowedValues as unknown[]).map((v) => `'${String(v)}'`);
      return diagnostic('QUORUM_SCHEMA_VALUE', `${subject(path)} must be one of ${listWords(allowed)}, not ${describeValue(error.data)}`, at(path));
    }
    case 'propertyNames': {
      const name = String(error.params.propertyName);
      const isModules = title === 'module_defaults';
      return diagnostic(
        isModules ? 'QUORUM_UNKNOWN_MODULE' : 'QUORUM_SCHEMA_BAD_NAME',
        isModules ? `unknown module '${name}' in module_defaults` : `'${name}' is not a valid variable name`,
        at([...path, name], 'key'),
        isModules
          ? (closestMatch(name, moduleNames) && `did you mean '${closestMatch(name, moduleNames)}'?`) || undefined
          : 'use letters, digits and underscores, not starting with a digit',
      );
    }
    case 'pattern':
      if (error.params.pattern === variableName) {
        return diagnostic('QUORUM_SCHEMA_BAD_NAME', `${subject(path)} must be a variable name, not ${describeValue(error.data)}`, at(path), 'use letters, digits and underscores, not starting with a digit');
      }
      return diagnostic('QUORUM_SCHEMA_VALUE', `${subject(path)} must match ${String(error.params.pattern)}, not ${describeValue(error.data)}`, at(path));
    case 'minimum':
    case 'exclusiveMinimum':
    case 'minLength':
      return diagnostic('QUORUM_SCHEMA_VALUE', `${subject(path)} ${error.message ?? 'is not valid'}, not ${describeValue(error.data)}`, at(path));
    default:
      return diagnostic('QUORUM_SCHEMA_INVALID', `${subject(path)} ${error.message ?? 'is not valid'}`, at(path));
  }
}
