// `-e` extra variables, read as ansible-playbook reads them: `@file.yml` loads a YAML/JSON file, text
// starting with `{` or `[` is YAML, anything else is `key=value` words (values stay strings). Later options
// replace earlier keys. Extra vars always win over every other variable (engine/vars decides that).
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { parseFreeForm } from './free-form.js';
import type { Vars } from './types.js';
import { isMapping, mapping } from './written-values.js';
import { parseYamlText, readYamlFile } from './yaml-file.js';
import { describeValue } from './schema-diagnostics.js';

export type ExtraVarsOutcome = { vars: Vars } | { usageError: string; hint?: string } | { inputError: InputError };

/** One `-e` value that is not a file: YAML/JSON text or key=value words. Pure. */
export function parseExtraVarsText(option: string): ExtraVarsOutcome {
  if (option.startsWith('/') || option.startsWith('.')) {
    return { usageError: `-e '${option}' looks like a file name`, hint: `write -e @${option} to load a vars file` };
  }
  if (option.startsWith('{') || option.startsWith('[')) {
    const { source, diagnostics } = parseYamlText(option, '-e');
    if (!source) return { inputError: new InputError(diagnostics) };
    if (!isMapping(source.value)) return { usageError: `-e '${option}' is ${describeValue(source.value)}, not a mapping of variables` };
    return { vars: mapping(source.value) };
  }
  const { args, unclosed } = parseFreeForm(option, false);
  if (unclosed) return { usageError: `-e '${option}' has an unclosed ${unclosed === 'quote' ? 'quote' : 'template'}` };
  const { _raw_params: raw, ...vars } = args;
  if (raw !== undefined) return { usageError: `-e '${option}': '${raw}' is not key=value`, hint: 'write -e name=value, -e \'{"name": ...}\' or -e @file.yml' };
  return { vars };
}

/** Every `-e` option merged in order. Throws UsageError (exit 5) or InputError (exit 4, a broken vars file). */
export async function loadExtraVars(options: readonly string[], cwd: string = process.cwd()): Promise<Vars> {
  let merged: Vars = {};
  for (const option of options) {
    if (option === '') continue;
    let vars: Vars;
    if (option.startsWith('@')) {
      const file = option.slice(1);
      const { source, diagnostics } = await readYamlFile(resolve(cwd, file), file);
      if (!source) throw new InputError(diagnostics);
      if (!isMapping(source.value)) {
        throw new UsageError(`${file}:1:1: QUORUM_EXTRA_VARS: the extra vars file is ${describeValue(source.value)}, not a mapping of variables`, 'write it as `name: value` lines');
      }
      vars = mapping(source.value);
    } else {
      const outcome = parseExtraVarsText(option);
      if ('inputError' in outcome) throw outcome.inputError;
      if ('usageError' in outcome) throw new UsageError(outcome.usageError, outcome.hint);
      vars = outcome.vars;
    }
    merged = { ...merged, ...vars };
  }
  return merged;
}
