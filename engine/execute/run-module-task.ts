import { LocalConnection } from '../connect/local.js';
import { type Become, type Connection, UnreachableError } from '../connect/types.js';
import type { HostResult, TaskDiff } from '../events.js';
import type { CommonKeywords, ModuleTask, YamlValue } from '../load/types.js';
import { type RegisteredModuleName, controllerModules } from '../modules/registry.js';
import { runModuleRetryingDrop } from '../modules/run.js';
import type { JsonObject, ModuleResult } from '../modules/types.js';
import { QuorumError } from '../errors.js';
import { stripOmitted } from '../template/omit.js';
import { evaluateCondition, templateValue } from '../template/public-api.js';
import type { VariableScope } from '../vars/scope.js';
import type { Frame } from './frame.js';
import { rescueVariables } from './failed-task.js';
import { type GroupByValues, joinGroup } from './join-group.js';
import { moduleContext } from './module-context.js';
import { EnvironmentConnection, taskEnvironment } from './task-environment.js';
import type { PlayRun } from './run-context.js';
import { type Registered, loopValue, registeredValue, skippedValue, statusOf } from './task-result.js';
import { connectionVars, taskScope } from './task-scope.js';

// One module task on one host, as Ansible's TaskExecutor runs it: `when` (per loop item), the loop, module
// arguments templated for the host, `until`/`retries`, `changed_when`/`failed_when`, `register`,
// `ignore_errors`, `notify`. It reports each result as an event and leaves its effects in the host's state.

export interface TaskOutcome {
  host: string;
  status: HostResult['status'];
  /** Handlers to notify: only when the task changed something. */
  notify: string[];
  /** A meta or pause the walker must act on. */
  effect?: ModuleResult['effect'];
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string') return ['true', 'yes', 'on', '1'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

class TaskFailure extends Error {}

/** The delegate's name for the report; a template that fails here fails the task later, where it is run. */
function delegateName(delegateTo: unknown, scope: Parameters<typeof templateValue>[1], ctx: Parameters<typeof templateValue>[2]): string | undefined {
  if (delegateTo === undefined) return undefined;
  try {
    return String(templateValue(delegateTo as YamlValue, scope, ctx));
  } catch {
    return undefined;
  }
}

export async function runModuleTask(pr: PlayRun, task: ModuleTask, frame: Frame, host: string): Promise<TaskOutcome> {
  const { run } = pr;
  const taskName = task.name ?? task.moduleKeyAsWritten;
  const scope = taskScope(pr, host, frame, task.vars);
  const ctx = { engine: run.engine, origin: { file: task.pos.file, line: task.pos.line, col: task.pos.col } };
  const keywords = frame.keywords;
  const noLog = truthy(templateOr(task.noLog ?? keywords.noLog, scope, ctx, false));
  const ignoreErrors = truthy(templateOr(task.ignoreErrors ?? keywords.ignoreErrors, scope, ctx, false));
  const showDiff = diffMode(pr, task, frame, scope, ctx);
  // Shown as `[h1 -> localhost]`, as ansible-playbook does, so that a change made elsewhere is not read as the host's.
  const delegatedTo = delegateName(task.delegateTo ?? keywords.delegateTo, scope, ctx);
  const emit = (fields: Omit<HostResult, 'type' | 'task' | 'host' | 'noLog'>) => {
    if (!showDiff) delete fields.diff;
    run.bus.emit({ type: 'host_result', task: taskName, host, noLog, ...(delegatedTo !== undefined ? { delegatedTo } : {}), ...fields });
  };

  let value: Registered;
  let effect: ModuleResult['effect'];
  try {
    const conditions = [...frame.when, ...task.when];
    if (!task.loop) {
      if (!evaluateCondition(conditions, scope, ctx)) {
        value = skippedValue(describeConditions(conditions));
      } else {
        const single = await runOnce(pr, task, frame, host, scope, ctx);
        value = single.value;
        effect = single.effect;
      }
    } else {
      const items = loopItems(task, scope, ctx);
      const loopVar = task.loopControl?.loopVar ?? 'item';
      const results: Registered[] = [];
      const extended = task.loopControl?.extended !== undefined && truthy(templateValue(task.loopControl.extended, scope, ctx));
      const pauseSeconds = task.loopControl?.pause === undefined ? 0 : Number(templateValue(task.loopControl.pause, scope, ctx));
      for (const [index, item] of items.entries()) {
        if (index > 0 && pauseSeconds > 0) await new Promise((r) => setTimeout(r, pauseSeconds * 1000));
        const itemVars = loopItemVariables(items, index, loopVar, task.loopControl?.indexVar, extended);
        const itemScope = scope.with(itemVars);
        let itemValue: Registered;
        if (!evaluateCondition(conditions, itemScope, ctx)) itemValue = skippedValue(describeConditions(conditions));
        else itemValue = (await runOnce(pr, task, frame, host, itemScope, ctx)).value;
        itemValue = { ...itemValue, ...itemVars };
        const label = task.loopControl?.label ? templateValue(task.loopControl.label, itemScope, ctx) : item;
        emit({ status: statusOf(itemValue), item: label, ...details(itemValue) });
        results.push(itemValue);
        if (itemValue.unreachable === true) break;
      }
      value = loopValue(results);
    }
  } catch (error) {
    if (error instanceof UnreachableError) {
      value = { unreachable: true, changed: false, msg: error.reason };
    } else if (error instanceof QuorumError || error instanceof TaskFailure) {
      // A template error, a dropped connection, sudo refusing: this host's task failed, the others go on.
      value = { failed: true, changed: false, msg: error.message };
    } else {
      // A bug in quorum must not abandon the other hosts mid-change: fail this host's task, loudly.
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      value = { failed: true, changed: false, msg: `internal error in quorum (please report it): ${detail}` };
    }
  }

  const state = run.hosts.of(host);
  if (task.register) state.setFacts[task.register] = value;
  let status = statusOf(value);
  if (status === 'failed' && ignoreErrors) status = 'ignored';
  if (status === 'unreachable') state.unreachable = true;
  if (status === 'failed') state.failed = true;
  if (status === 'failed' && frame.rescuable) Object.assign(state.setFacts, rescueVariables(task, value, scope, run.engine));
  const display = displayOf(task, value, status);
  emit({
    status,
    ...details(value),
    ...(display ? { display } : {}),
    ...(status === 'ignored' ? { ignored: true, ...(value.changed === true ? { changedToo: true } : {}) } : {}),
    ...(task.loop ? { loopSummary: true } : {}),
    ...(status === 'failed' && frame.rescuable ? { countAs: 'rescued' as const } : {}),
  });
  const changed = value.changed === true && (status === 'changed' || status === 'ignored');
  const outcome: TaskOutcome = { host, status, notify: changed ? task.notify : [] };
  if (effect) outcome.effect = effect;
  return outcome;
}

/** One run of the module for one item, with until/retries and the changed/failed overrides. */
async function runOnce(
  pr: PlayRun,
  task: ModuleTask,
  frame: Frame,
  host: string,
  scope: VariableScope,
  ctx: { engine: PlayRun['run']['engine']; origin: { file: string; line: number; col: number } },
): Promise<{ value: Registered; effect?: ModuleResult['effect'] }> {
  const { run } = pr;
  const module = run.modules(task.module);
  if (!module) throw new TaskFailure(`the module '${task.module}' is not available in this build of quorum`);
  const keywords = frame.keywords;
  const checkKeyword = task.checkMode ?? keywords.checkMode;
  // check_mode: true forces check mode on this task; false runs it for real even under --check.
  const check = checkKeyword === undefined ? run.options.check : truthy(templateValue(checkKeyword, scope, ctx));
  const diff = diffMode(pr, task, frame, scope, ctx);
  const become = becomeFor(
    { become: task.become ?? frame.keywords.become, becomeUser: task.becomeUser ?? frame.keywords.becomeUser },
    scope,
    ctx,
    run.options.becomePassword,
  );
  const delegateTo = task.delegateTo ?? keywords.delegateTo;
  const delegate = delegateTo === undefined ? undefined : String(templateValue(delegateTo, scope, ctx));
  // A controller module (set_fact, debug, group_by, ...) never touches the host: no connection is opened for
  // it, as in Ansible, where such action plugins run without connecting.
  const hostConnection: Connection =
    delegate === 'localhost' || delegate === '127.0.0.1' || controllerModules.has(task.module as RegisteredModuleName)
      ? new LocalConnection()
      : await run.connections.get(delegate ?? host, connectionVars(delegate ? taskScope(pr, delegate, frame, undefined) : scope));
  const environment = taskEnvironment([...(frame.environment ?? []), ...(task.environment !== undefined ? [task.environment] : [])], scope, ctx);
  const connection = environment ? new EnvironmentConnection(hostConnection, environment) : hostConnection;
  const defaults = (pr.play.moduleDefaults[task.module] ?? {}) as Record<string, YamlValue>;
  const args = stripOmitted(templateValue({ ...defaults, ...task.args }, scope, ctx)) as JsonObject;
  const mctx = moduleContext(pr, host, frame, scope, { check, diff, become, onController: connection instanceof LocalConnection });

  const attempts = task.until
    ? (() => {
        const retries = task.retries === undefined ? undefined : Number(templateValue(task.retries, scope, ctx));
        return retries === undefined ? 3 : retries <= 0 ? 1 : retries + 1;
      })()
    : 1;
  const delaySeconds = task.delay === undefined ? 5 : Number(templateValue(task.delay, scope, ctx));
  let value: Registered = {};
  let effect: ModuleResult['effect'];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const retried = (why: string) => run.bus.emit({ type: 'warning', message: `${host}: ${task.name ?? task.module}: ${why}` });
    const result = withGroupJoined(run, host, task, await runModuleRetryingDrop(module, args, connection, mctx, retried));
    effect = result.effect;
    value = registeredValue(result);
    if (result.facts) Object.assign(run.hosts.of(host).setFacts, result.facts);
    value = applyOverrides(task, value, scope, ctx);
    if (!task.until) break;
    value.attempts = attempt;
    const withResult = task.register ? scope.with({ [task.register]: value }) : scope.with(value);
    if (evaluateCondition(task.until, withResult, ctx)) {
      value.failed = false;
      break;
    }
    if (attempt === attempts) {
      value.failed = true;
      value.msg = value.msg ?? `the until condition was not met after ${attempts} attempts`;
    } else {
      run.bus.emit({
        type: 'warning',
        message: `FAILED - RETRYING: [${host}]: ${task.name ?? task.module} (${attempts - attempt} retries left).`,
      });
      await new Promise((r) => setTimeout(r, delaySeconds * 1000));
    }
  }
  return effect ? { value, effect } : { value };
}

/** group_by's result joins the host to its group; `changed` says whether it was new to it, as in Ansible. */
function withGroupJoined(run: PlayRun['run'], host: string, task: ModuleTask, result: ModuleResult): ModuleResult {
  if (task.module !== 'group_by' || result.failed) return result;
  const joined = joinGroup(run, host, result.values as unknown as GroupByValues);
  if ('error' in joined) return { ...result, failed: true, msg: joined.error };
  return { ...result, changed: joined.changed };
}

/** changed_when and failed_when see the task's result under its register name, as in Ansible. */
function applyOverrides(
  task: ModuleTask,
  value: Registered,
  scope: VariableScope,
  ctx: Parameters<typeof evaluateCondition>[2],
): Registered {
  if (!task.changedWhen && !task.failedWhen) return value;
  const resultScope = scope.with(task.register ? { [task.register]: value, ...value } : value);
  const next = { ...value };
  if (task.changedWhen) next.changed = evaluateCondition(task.changedWhen, resultScope, ctx);
  if (task.failedWhen) {
    next.failed = evaluateCondition(task.failedWhen, resultScope, ctx);
    next.failed_when_result = next.failed;
  }
  return next;
}

/** --diff, or the task's (or its block's) `diff:` keyword. */
function diffMode(pr: PlayRun, task: ModuleTask, frame: Frame, scope: VariableScope, ctx: Parameters<typeof templateValue>[2]): boolean {
  const keyword = task.diff ?? frame.keywords.diff;
  return keyword === undefined ? pr.run.options.diff : truthy(templateValue(keyword, scope, ctx));
}

/** Whether and as whom to become: the innermost `become`/`become_user` keywords, else ansible_become vars. */
export function becomeFor(
  keywords: Pick<CommonKeywords, 'become' | 'becomeUser'>,
  scope: VariableScope,
  ctx: Parameters<typeof templateValue>[2],
  password: string | undefined,
): Become | undefined {
  const keyword = keywords.become;
  const fromVars = scope.has('ansible_become') ? scope.get('ansible_become') : undefined;
  const on = keyword !== undefined ? truthy(templateValue(keyword, scope, ctx)) : truthy(fromVars);
  if (!on) return undefined;
  const userKeyword = keywords.becomeUser;
  const user =
    userKeyword !== undefined
      ? String(templateValue(userKeyword, scope, ctx))
      : scope.has('ansible_become_user')
        ? String(scope.get('ansible_become_user'))
        : 'root';
  const become: Become = { user };
  if (password !== undefined) become.password = password;
  return become;
}

/**
 * What one loop item sets, as Ansible's loop does (and registers in the item's result): the loop variable and
 * its name; with `index_var`, the index and its name; with `extended`, `ansible_loop`.
 */
export function loopItemVariables(items: readonly unknown[], index: number, loopVar: string, indexVar: string | undefined, extended: boolean): Record<string, unknown> {
  const vars: Record<string, unknown> = { [loopVar]: items[index], ansible_loop_var: loopVar };
  if (indexVar) {
    vars[indexVar] = index;
    vars.ansible_index_var = indexVar;
  }
  if (extended) {
    const length = items.length;
    vars.ansible_loop = {
      allitems: [...items],
      index: index + 1,
      index0: index,
      revindex: length - index,
      revindex0: length - index - 1,
      first: index === 0,
      last: index === length - 1,
      length,
      ...(index > 0 ? { previtem: items[index - 1] } : {}),
      ...(index < length - 1 ? { nextitem: items[index + 1] } : {}),
    };
  }
  return vars;
}

function loopItems(task: ModuleTask, scope: VariableScope, ctx: Parameters<typeof templateValue>[2]): unknown[] {
  const raw = templateValue(task.loop!.items, scope, ctx);
  if (!Array.isArray(raw)) {
    throw new TaskFailure(
      `Invalid data passed to '${task.loop!.source}', it requires a list, got this instead: ${JSON.stringify(raw)}`,
    );
  }
  // with_items flattens one level, as Ansible's items lookup does.
  return task.loop!.source === 'with_items' ? raw.flatMap((i) => (Array.isArray(i) ? i : [i])) : raw;
}

function templateOr<T>(value: unknown, scope: VariableScope, ctx: Parameters<typeof templateValue>[2], fallback: T): unknown {
  return value === undefined ? fallback : templateValue(value, scope, ctx);
}

function describeConditions(conditions: readonly (string | boolean)[]): string {
  const failed = conditions.map(String);
  return failed.length === 1 ? failed[0]! : failed.join(' and ');
}

/** The fields the views show for a result. */
function details(value: Registered): Partial<HostResult> {
  const out: Partial<HostResult> = {};
  if (typeof value.msg === 'string') out.msg = value.msg;
  if (typeof value.rc === 'number') out.rc = value.rc;
  if (typeof value.stdout === 'string' && value.stdout !== '') out.stdout = value.stdout;
  if (typeof value.stderr === 'string' && value.stderr !== '') out.stderr = value.stderr;
  const diff = value.diff as { before?: string; after?: string; after_header?: string; before_header?: string } | undefined;
  if (diff && typeof diff.before === 'string' && typeof diff.after === 'string') {
    const d: TaskDiff = { before: diff.before, after: diff.after };
    if (diff.before_header) d.beforeHeader = diff.before_header;
    if (diff.after_header) d.afterHeader = diff.after_header;
    out.diff = [d];
  }
  if (typeof value.attempts === 'number' && value.attempts > 1) out.attempts = value.attempts;
  return out;
}

/** debug prints its msg or var after `=>`, as ansible-playbook does. */
function displayOf(task: ModuleTask, value: Registered, status: HostResult['status']): Record<string, unknown> | undefined {
  if (task.module !== 'debug' || status !== 'ok') return undefined;
  const shown: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'changed' || key === 'failed') continue;
    shown[key] = v;
  }
  return Object.keys(shown).length > 0 ? shown : undefined;
}
