// A task's module arguments, as the module will get them: free-form text split into key=value pairs and
// `_raw_params` the way Ansible does, then `args:` merged over them (Ansible lets `args:` win).
import type { Diagnostic } from '../diagnostics.js';
import type { ModuleName } from '../modules/names.js';
import { parseFreeForm } from './free-form.js';
import type { ModuleArgs, SourcePosition, YamlValue } from './types.js';
import { isMapping } from './written-values.js';
import { describeValue } from './schema-diagnostics.js';

/** Modules whose free-form text is a command line: every word but a few options belongs to it. */
const commandModules: ReadonlySet<ModuleName> = new Set(['command', 'shell', 'raw']);
/** Modules that accept words without `=` at all (Ansible's RAW_PARAM_MODULES among quorum's modules). */
const rawParamModules: ReadonlySet<ModuleName> = new Set(['command', 'shell', 'raw', 'set_fact', 'meta']);

export interface ModuleArgsResult {
  args: ModuleArgs;
  diagnostics: Diagnostic[];
}

function parseText(module: ModuleName, text: string, rawCommand: boolean, pos: SourcePosition): ModuleArgsResult {
  const { args, unclosed } = parseFreeForm(text, rawCommand);
  const diagnostics: Diagnostic[] = [];
  if (unclosed) {
    diagnostics.push({
      severity: 'error',
      code: 'QUORUM_TASK_FREE_FORM',
      message: `the arguments of '${module}' have an unclosed ${unclosed === 'quote' ? 'quote' : '{{ or {%'}`,
      ...pos,
      hint: 'close it, or write the arguments as a mapping',
    });
  }
  return { args, diagnostics };
}

export function normaliseModuleArgs(
  module: ModuleName,
  written: unknown,
  argsKeyword: unknown,
  pos: SourcePosition,
): ModuleArgsResult {
  const diagnostics: Diagnostic[] = [];
  let args: ModuleArgs = {};
  if (typeof written === 'string') {
    const parsed = parseText(module, written, commandModules.has(module), pos);
    args = parsed.args;
    diagnostics.push(...parsed.diagnostics);
  } else if (isMapping(written)) {
    args = { ...(written as { [key: string]: YamlValue }) };
  } else if (written !== null && written !== undefined) {
    diagnostics.push({
      severity: 'error',
      code: 'QUORUM_SCHEMA_TYPE',
      message: `'${module}' must be a mapping of arguments, a string of key=value words, or empty, not ${describeValue(written)}`,
      ...pos,
    });
  }
  if (typeof argsKeyword === 'string') {
    const parsed = parseText(module, argsKeyword, false, pos);
    args = { ...args, ...parsed.args };
    diagnostics.push(...parsed.diagnostics);
  } else if (isMapping(argsKeyword)) {
    args = { ...args, ...(argsKeyword as { [key: string]: YamlValue }) };
  }
  const raw = args._raw_params;
  if (typeof raw === 'string' && !rawParamModules.has(module)) {
    diagnostics.push({
      severity: 'error',
      code: 'QUORUM_TASK_FREE_FORM',
      message: `module '${module}' takes key=value arguments, but '${raw}' is not one`,
      ...pos,
      hint: 'write each argument as name=value, or as a mapping under the module',
    });
  }
  return { args, diagnostics };
}
