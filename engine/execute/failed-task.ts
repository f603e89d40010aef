import type { ModuleTask } from '../load/types.js';
import { templateValue } from '../template/public-api.js';
import type { TemplateEngine } from '../template/engine.js';
import type { VariableScope } from '../vars/scope.js';
import type { Registered } from './task-result.js';

// `ansible_failed_task` and `ansible_failed_result`: what a rescue section sees of the task that failed. Ansible
// sets them as host facts (they stay after the rescue) when a failure sends the host to a rescue; the task is
// its serialized form, of which these are the fields a rescue reads: `name` ('' when unnamed), `action` (the
// module key as written, FQCN or not), `args` (templated for the host), and the task's main keywords.

export interface FailedTaskView {
  name: string;
  action: string;
  args: unknown;
  tags: string[];
  when: (string | boolean)[];
  register: string | null;
  notify: string[] | null;
  vars: ModuleTask['vars'];
  delegate_to: string | null;
  loop: unknown;
}

export function failedTaskView(task: ModuleTask, scope: VariableScope, engine: TemplateEngine): FailedTaskView {
  let args: unknown = task.args;
  try {
    args = templateValue(task.args, scope, { engine });
  } catch {
    // The arguments themselves may be what failed (an undefined variable): show them as written.
  }
  return {
    name: task.name ?? '',
    action: task.moduleKeyAsWritten,
    args,
    tags: [...task.tags],
    when: [...task.when],
    register: task.register ?? null,
    notify: task.notify.length > 0 ? [...task.notify] : null,
    vars: task.vars,
    delegate_to: task.delegateTo ?? null,
    loop: task.loop?.items ?? null,
  };
}

/** The two variables, for the host's set_fact layer. */
export function rescueVariables(task: ModuleTask, result: Registered, scope: VariableScope, engine: TemplateEngine): Registered {
  return { ansible_failed_task: failedTaskView(task, scope, engine), ansible_failed_result: result };
}
