import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';
import { QuorumError } from '../errors.js';
import type { Play, Vars } from '../load/types.js';
import { resolveVariables } from '../vars/precedence.js';
import { VariableScope } from '../vars/scope.js';
import { templateValue } from '../template/public-api.js';
import type { TemplateEngine } from '../template/engine.js';

// vars_files whose path is a template (`vars/{{ env }}.yml`) cannot be read when the playbook loads; they are
// read here, per host, with the variables a path may use: inventory, play vars and extra vars.

export function templatedVarsFile(
  play: Play,
  file: string,
  layers: { inventory: Vars; extraVars: Vars },
  playbookDir: string,
  engine: TemplateEngine,
  cache: Map<string, Vars>,
): Vars {
  const scope = new VariableScope(
    resolveVariables({ inventory: layers.inventory, playVars: play.vars, extraVars: layers.extraVars }),
    { engine },
  );
  const path = String(templateValue(file, scope, { engine, origin: { file: play.pos.file, line: play.pos.line, what: 'vars_files' } }));
  const full = isAbsolute(path) ? path : join(playbookDir, path);
  const cached = cache.get(full);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (error) {
    throw new QuorumError(
      'QUORUM_VARS_FILE',
      `${play.pos.file}:${play.pos.line}: vars_files '${file}' (${path}): cannot read ${full}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      2,
      'check the path; relative paths are read from the playbook directory',
    );
  }
  const vars = parse(text) as unknown;
  if (vars === null || vars === undefined) {
    cache.set(full, {});
    return {};
  }
  if (typeof vars !== 'object' || Array.isArray(vars)) {
    throw new QuorumError('QUORUM_VARS_FILE', `${full}: a vars file must hold a mapping of variables, not ${Array.isArray(vars) ? 'a list' : typeof vars}`, 2);
  }
  cache.set(full, vars as Vars);
  return vars as Vars;
}
