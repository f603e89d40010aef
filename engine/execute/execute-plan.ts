import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { modules } from '../modules/registry.js';
import type { ModuleName } from '../modules/names.js';
import { buildSavedPlan } from '../plan/saved-plan.js';
import { sealPlanText } from '../plan/plan-seal.js';
import { renderPlanText, renderRefusal } from '../plan/render-text.js';
import { createTemplateEngine } from '../template/engine.js';
import { version } from '../version.js';
import { connectionProvider } from './connection-provider.js';
import { planInputDigests } from './plan-inputs.js';
import { planPlaybook } from './plan-playbook.js';
import { prepareRun } from './prepare-run.js';
import { defaultRunOptions } from './run-options.js';

// What `quorum plan` does once its options are parsed: load, plan, print, and save when asked.

export interface PlanRequest {
  playbook: string;
  inventory: readonly string[];
  extraVars: readonly string[];
  rolesPath: readonly string[];
  clusterStates: readonly string[];
  limit?: string;
  json: boolean;
  output?: string;
  forks: number;
  acceptNewHostKeys: boolean;
  /** -v count: -vvv shows the raw errors behind each member's state. */
  verbosity?: number;
}

export async function executePlan(request: PlanRequest): Promise<number> {
  const prepared = await prepareRun(request);
  for (const warning of prepared.warnings) process.stderr.write(`${warning}\n`);
  // The one owner of what the plan opens (the state reads, the check-mode run): closed on every path, a refusal
  // included. Left open, the SSH connections kept the process alive after it printed its answer.
  const connections = connectionProvider({ acceptNewHostKeys: request.acceptNewHostKeys });
  try {
    return await planWith(request, prepared, connections);
  } finally {
    await connections.closeAll();
  }
}

async function planWith(request: PlanRequest, prepared: Awaited<ReturnType<typeof prepareRun>>, connections: ReturnType<typeof connectionProvider>): Promise<number> {
  const result = await planPlaybook({
    prepared,
    options: {
      ...defaultRunOptions,
      check: true,
      forks: request.forks,
      extraVars: prepared.extraVars,
      ...(request.limit ? { limit: request.limit } : {}),
    },
    modules: (name: ModuleName) => modules[name as keyof typeof modules],
    connections,
    engine: await createTemplateEngine(),
    clusterStates: request.clusterStates,
  });
  if (result.stateProblems.length > 0) {
    process.stderr.write(`${result.stateProblems.map((p) => `quorum plan: ${p}`).join('\n')}\n`);
    return ExitCode.badOptions;
  }
  const unreachable = unreachableHosts(result);
  if (result.refusals.length > 0) {
    // A refusal is the answer an SRE needs before the window: print why, with the numbers, and fail (exit 3 when
    // hosts unreachable over SSH are why, as a run with an unreachable host ends).
    const context = { inventory: request.inventory, verbosity: request.verbosity ?? 0 };
    process.stderr.write(result.refusals.map((r) => renderRefusal(r, context)).join(''));
    return unreachable.length > 0 ? ExitCode.hostUnreachable : ExitCode.error;
  }
  process.stdout.write(request.json ? `${JSON.stringify(result.document, null, 2)}\n` : renderPlanText(result.document));
  if (request.clusterStates.length > 0) {
    process.stderr.write('offline plan: computed from --cluster-state files; no host was contacted, so the changes tasks would make are not listed\n');
  }
  if (request.output) {
    const saved = buildSavedPlan({
      engineVersion: version,
      request: {
        playbook: request.playbook,
        inventory: [...request.inventory],
        extra_vars: [...request.extraVars],
        roles_path: [...request.rolesPath],
        limit: request.limit ?? null,
        cwd: process.cwd(),
      },
      inputs: await planInputDigests({ playbook: prepared.playbook, inventory: request.inventory, extraVars: request.extraVars }),
      states: result.states,
      plan: result.document,
    });
    const tmp = `${request.output}.tmp-${process.pid}`;
    try {
      // `-o plans/saturday.json` in a fresh checkout: make the directory rather than fail after the planning.
      await mkdir(dirname(request.output), { recursive: true });
      // Sealed with its own digest, so that apply tells a file edited since from a plan gone stale (plan-seal.ts).
      await writeFile(tmp, sealPlanText(saved), { mode: 0o644 });
      await rename(tmp, request.output);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new QuorumError('QUORUM_PLAN_OUTPUT', `-o ${request.output}: the plan could not be saved: ${why}`, ExitCode.error, 'give -o a path in a directory you can write');
    }
    process.stderr.write(`plan saved to ${request.output}\n`);
  }
  if (unreachable.length > 0) {
    process.stderr.write(`quorum plan: unreachable over SSH: ${unreachable.join(', ')}; counted as voters down and left out of the batches (exit 3)\n`);
    return ExitCode.hostUnreachable;
  }
  return ExitCode.ok;
}

/** Hosts a rolling play could not reach over SSH, in the plan or in a refusal, once each. */
function unreachableHosts(result: { document: { plays: { clusters: { unreachable?: string[] }[] }[] }; refusals: { unreachable?: string[] }[] }): string[] {
  const hosts = [...result.document.plays.flatMap((p) => p.clusters.flatMap((c) => c.unreachable ?? [])), ...result.refusals.flatMap((r) => r.unreachable ?? [])];
  return [...new Set(hosts)];
}
