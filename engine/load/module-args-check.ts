// Module arguments are checked by the modules themselves (engine/modules/registry.ts, with Ansible's
// messages); the loader only places each problem at its line. Arguments that hold a template can only be
// judged once templated, per host, so their problems wait for run time.
import type { Diagnostic } from '../diagnostics.js';
import type { ModuleName } from '../modules/names.js';
import { closestMatch } from './did-you-mean.js';
import { isTemplated } from './load-context.js';
import type { ModuleArgs } from './types.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

export interface ModuleArgProblem {
  /** The argument concerned, as written, when there is one. */
  key?: string;
  message: string;
}

/** The seam to the module registry: a module's problems with these arguments, none when they are fine. */
export type ModuleArgsChecker = (module: ModuleName, args: ModuleArgs) => readonly ModuleArgProblem[];

function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return isTemplated(value);
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (value && typeof value === 'object') return Object.values(value).some(holdsTemplate);
  return false;
}

/**
 * Diagnostics for one task's arguments. `argPaths` says where an argument was written: under `args:` or
 * under the module key (a mapping), or, for free-form text, nowhere more precise than the module's value.
 */
export function moduleArgDiagnostics(
  check: ModuleArgsChecker,
  module: ModuleName,
  args: ModuleArgs,
  source: YamlSource,
  argPath: (key: string) => readonly PathSegment[],
  fallbackPath: readonly PathSegment[],
): Diagnostic[] {
  return check(module, args)
    .filter((problem) => problem.key === undefined || !holdsTemplate(args[problem.key]))
    .map((problem) => ({
      severity: 'error' as const,
      code: 'QUORUM_MODULE_ARGS',
      message: `${module}: ${problem.message}`,
      ...(problem.key !== undefined ? positionOf(source, argPath(problem.key), 'key') : positionOf(source, fallbackPath)),
      hint: problem.key !== undefined ? misspeltArgumentHint(problem.key, problem.message) : undefined,
    }));
}

/** For Ansible's "Unsupported parameters ... Supported parameters include: a, b." the closest supported one. */
function misspeltArgumentHint(key: string, message: string): string | undefined {
  const supported = /Supported parameters include: (.*)\.$/.exec(message)?.[1]?.split(', ');
  const suggestion = supported ? closestMatch(key, supported) : undefined;
  return suggestion ? `did you mean '${suggestion}'?` : undefined;
}
