import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Connection } from '../connect/types.js';
import { QuorumError } from '../errors.js';
import { UnreachableError } from '../connect/types.js';
import { ConnectionDroppedError } from '../connect/connection-errors.js';
import type { Module } from './define.js';
import { sha1 } from './support/digest.js';
import { buildFactBatch, isNoOpQuery, newNonce, splitFactBatch } from './facts/batch.js';
import type { FactOutput, JsonObject, ModuleContext, ModulePlan, ModuleResult, RemoteStep, StepOutput } from './types.js';

// The one generic runner: check the arguments, read controller-side inputs, gather facts on the host in one
// round trip, plan (pure), and unless in check mode run the plan's steps. Faults of the connection itself
// (unreachable, dropped, become refused) are thrown for the executor to judge the host; every other problem
// (a file that cannot be written, a bad argument, a failing command) becomes a failed result with a message.

/** A fault of the connection rather than of the task: a QuorumError other than a failed file operation. */
function isConnectionFault(error: unknown): boolean {
  return error instanceof UnreachableError || (error instanceof QuorumError && error.code !== 'QUORUM_REMOTE_FILE');
}

function failedResult(msg: string, values: JsonObject = {}): ModuleResult {
  return { changed: false, failed: true, msg, values };
}

async function gatherFacts(
  connection: Connection,
  queries: Parameters<typeof buildFactBatch>[0],
  ctx: ModuleContext,
): Promise<Map<string, FactOutput> | string> {
  // A query that is the shell's `true` (command's absent creates/removes) has a known answer: no round trip.
  const known = new Map<string, FactOutput>(queries.filter(isNoOpQuery).map((query) => [query.name, { stdout: '', rc: 0 }]));
  const asked = queries.filter((query) => !isNoOpQuery(query));
  if (asked.length === 0) return known;
  const nonce = newNonce();
  const result = await connection.exec('/bin/sh -s', {
    stdin: buildFactBatch(asked, nonce),
    ...(ctx.become ? { become: ctx.become } : {}),
  });
  if (!result.stdout.includes(`__quorum_${nonce}_begin_0`)) {
    return `could not gather facts on ${connection.host} (rc ${result.rc}): ${result.stderr.trim() || 'no output'}`;
  }
  return new Map([...known, ...splitFactBatch(asked, nonce, result.stdout)]);
}

async function runStep(connection: Connection, step: RemoteStep, ctx: ModuleContext): Promise<StepOutput> {
  const startedAt = new Date();
  const become = ctx.become ? { become: ctx.become } : {};
  switch (step.kind) {
    case 'exec': {
      const r = await connection.exec(step.command, {
        ...(step.stdin !== undefined ? { stdin: step.stdin } : {}),
        ...(step.timeoutMs !== undefined ? { timeoutMs: step.timeoutMs } : {}),
        ...become,
      });
      const stderr = r.signal === 'TIMEOUT' ? `${r.stderr}timed out after ${step.timeoutMs} ms` : r.stderr;
      return { rc: r.rc, stdout: r.stdout, stderr, startedAt, endedAt: new Date() };
    }
    case 'put':
      await connection.put(step.path, step.content, {
        mode: step.mode,
        ...(step.owner !== undefined ? { owner: step.owner } : {}),
        ...(step.group !== undefined ? { group: step.group } : {}),
        ...become,
      });
      return { rc: 0, stdout: '', stderr: '', startedAt, endedAt: new Date() };
    case 'fetch': {
      const content = await connection.get(step.remotePath, become);
      if (step.sha1 !== undefined && sha1(content) !== step.sha1) {
        throw new Error(`checksum mismatch: ${step.remotePath} changed while it was fetched (expected sha1 ${step.sha1})`);
      }
      await mkdir(dirname(step.localPath), { recursive: true });
      await writeFile(step.localPath, content);
      return { rc: 0, stdout: '', stderr: '', startedAt, endedAt: new Date() };
    }
  }
}

/** One line that says what a step does, for plan views and logs. */
export function describeStep(step: RemoteStep): string {
  if (step.kind === 'exec') return step.command.split('\n')[0] ?? '';
  if (step.kind === 'put') return `write ${step.path}`;
  return `fetch ${step.remotePath}`;
}

async function runSteps(connection: Connection, plan: ModulePlan, ctx: ModuleContext): Promise<ModuleResult> {
  const outputs: StepOutput[] = [];
  const steps = ctx.check ? plan.steps.filter((s) => s.kind === 'exec' && s.readOnly) : plan.steps;
  // Whether a step that already ran changed the host (a backup, a chmod), for a failure part way.
  let changedSoFar = false;
  for (const step of steps) {
    let output: StepOutput;
    try {
      output = await runStep(connection, step, ctx);
    } catch (error) {
      if (isConnectionFault(error)) throw error;
      return { ...failedResult(error instanceof Error ? error.message : String(error), plan.values), changed: changedSoFar };
    }
    outputs.push(output);
    if (step.kind === 'exec' && step.mustSucceed !== false && output.rc !== 0) {
      const why = output.stderr.trim() || output.stdout.trim() || `exit status ${output.rc}`;
      return { ...failedResult(why, { ...plan.values, rc: output.rc }), changed: changedSoFar };
    }
    changedSoFar ||= plan.changed && !(step.kind === 'put' && step.staging === true) && !(step.kind === 'exec' && step.readOnly === true);
  }
  const base: ModuleResult = { ...resultOf(plan) };
  return plan.complete ? { ...base, ...plan.complete(outputs) } : base;
}

function resultOf(plan: ModulePlan): ModuleResult {
  const { steps: _steps, complete: _complete, ...result } = plan;
  return result;
}

/**
 * Modules that run what they are told (a command line) rather than bring the host to a state: a second run is
 * not known to be harmless, so a connection that dropped while they changed the host is not retried.
 */
const RUN_AS_TOLD = new Set(['command', 'shell', 'raw', 'script']);

/**
 * Runs one task's module on one host, as runModule does; if the SSH connection drops, the task is run once more
 * on the re-opened connection where that is safe: the drop came while the facts were read (nothing changed yet),
 * or the module converges (it reads the host again and does only what is still missing, so a half-done change is
 * completed, never repeated blindly). Otherwise the drop fails the task, naming the host (ConnectionDroppedError).
 */
export async function runModuleRetryingDrop(
  module: Module,
  rawArgs: JsonObject,
  connection: Connection,
  ctx: ModuleContext,
  onRetry: (why: string) => void,
): Promise<ModuleResult> {
  const progress = { changing: false };
  try {
    return await runModule(module, rawArgs, connection, ctx, progress);
  } catch (error) {
    if (!(error instanceof ConnectionDroppedError)) throw error;
    if (progress.changing && RUN_AS_TOLD.has(module.name)) throw error;
    onRetry(`${error.message}; ${progress.changing ? `${module.name} converges, so` : 'it dropped while the facts were read, so'} the task runs once more on a new connection`);
    return runModule(module, rawArgs, connection, ctx);
  }
}

/** Runs one task's module on one host and returns its result; throws only for faults of the connection. */
export async function runModule(
  module: Module,
  rawArgs: JsonObject,
  connection: Connection,
  ctx: ModuleContext,
  progress: { changing: boolean } = { changing: false },
): Promise<ModuleResult> {
  const { args, problems } = module.check(rawArgs);
  if (problems.length > 0) return failedResult(problems.map((p) => p.message).join('. '));
  let pending: Awaited<ReturnType<Module['start']>>;
  try {
    pending = await module.start(args, ctx);
  } catch (error) {
    return failedResult(error instanceof Error ? error.message : String(error));
  }
  const facts = await gatherFacts(connection, pending.queries, ctx);
  if (typeof facts === 'string') return failedResult(facts);
  let plan: ModulePlan;
  try {
    plan = pending.plan(facts);
  } catch (error) {
    return failedResult(error instanceof Error ? error.message : String(error));
  }
  if (plan.failed || plan.skipped || plan.steps.length === 0) return resultOf(plan);
  if (ctx.check && !plan.steps.some((s) => s.kind === 'exec' && s.readOnly)) return resultOf(plan);
  progress.changing = !ctx.check && plan.steps.some((s) => !(s.kind === 'exec' && s.readOnly));
  return runSteps(connection, plan, ctx);
}
