import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Become } from '../connect/types.js';
import type { JsonValue, ModuleContext } from '../modules/types.js';
import { evaluateCondition, renderTemplateFile, templateValue } from '../template/public-api.js';
import type { VariableScope } from '../vars/scope.js';
import type { Frame } from './frame.js';
import type { PlayRun } from './run-context.js';

// The ModuleContext a module runs with, built from the play, the task's frame and the host's scope.

export function moduleContext(
  pr: PlayRun,
  host: string,
  frame: Frame,
  scope: VariableScope,
  settings: { check: boolean; diff: boolean; become: Become | undefined; onController?: boolean },
): ModuleContext {
  const { run } = pr;
  const dirs = (sub: 'files' | 'templates') => [
    ...(frame.role ? [join(frame.role.path, sub)] : []),
    join(pr.play.dir, sub),
    pr.play.dir,
  ];
  const state = run.hosts.of(host);
  const ctx: ModuleContext = {
    check: settings.check,
    diff: settings.diff,
    inventoryHostname: host,
    hostFacts: { ansible_service_mgr: typeof state.facts.service_mgr === 'string' ? state.facts.service_mgr : undefined },
    fileSearchDirs: dirs('files'),
    templateSearchDirs: dirs('templates'),
    renderTemplate: async (path) => renderTemplateFile(path, scope, { engine: run.engine }),
    readControllerFile: (path) => readFile(path),
    evaluate: (expression) => {
      if (!scope.has(expression.split(/[.[]/)[0] ?? expression)) return undefined;
      return templateValue(`{{ ${expression} }}`, scope, { engine: run.engine }) as JsonValue;
    },
    evaluateCondition: (expression) => evaluateCondition(expression, scope, { engine: run.engine }),
    verbosity: run.options.verbosity,
    now: () => new Date(),
    onController: settings.onController ?? false,
  };
  if (settings.become) ctx.become = settings.become;
  return ctx;
}
