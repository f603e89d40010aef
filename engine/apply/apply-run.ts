import { resolve } from 'node:path';
import { QuorumError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { LOCKED_EXIT_CODE } from '../etcd/cluster-lock.js';
import { connectionProvider } from '../execute/connection-provider.js';
import { executeRun } from '../execute/execute-run.js';
import { planInputDigests } from '../execute/plan-inputs.js';
import { prepareRun } from '../execute/prepare-run.js';
import { defaultRunOptions } from '../execute/run-options.js';
import { modules } from '../modules/registry.js';
import type { ModuleName } from '../modules/names.js';
import { PlanStaleError } from '../plan/plan-errors.js';
import { fingerprintClusters, sha256Hex } from '../plan/saved-plan.js';
import type { SavedPlan } from '../plan/saved-plan.js';
import { readPlanFile } from './plan-file.js';
import { createTemplateEngine } from '../template/engine.js';
import { version } from '../version.js';
import { ApplyHooks } from './apply-hooks.js';
import { freshStartChanges, resumeChanges, sinceThePlan, unsafeBatches } from './apply-staleness.js';
import { systemClock, type Clock } from './clock.js';
import { countdownView, waitUntil } from './countdown.js';
import type { ApplyRequestRecord, RunOutcome } from './journal-entries.js';
import { DEFAULT_RUN_DIR, JournalWriter, journalPath, newRunId, readJournal } from './journal-file.js';
import { replayJournal, resumeRefusal, type ClusterProgress } from './journal-replay.js';
import { readLiveClusters } from './live-clusters.js';
import { parseStartTime } from './start-time.js';
import { isInsideWindow, nextOpening, parseWindow } from './window.js';
import { processInterrupts } from '../execute/interrupts.js';

// `quorum apply`: run exactly a saved plan. Before it starts: the inputs' digests, each cluster's fingerprint
// and the batches the planner computes now must all match the plan, and no other run may hold a cluster's lock.
// Then it waits for --at and the window, and runs the playbook with hooks (apply-hooks.ts) that run the saved
// batches and check again before each one. Every completed step goes to the run journal, for --resume.

/** A run stopped because its change window closed: nothing failed, and it can be resumed. */
export const WINDOW_CLOSED_EXIT_CODE = 7;

export interface ApplyRequest {
  planFile?: string;
  playbook?: string;
  inventory: readonly string[];
  extraVars: readonly string[];
  rolesPath: readonly string[];
  limit?: string;
  at?: string;
  window?: string;
  resume?: string;
  runDir: string;
  output: 'live' | 'plain' | 'json';
  forks: number;
  acceptNewHostKeys: boolean;
  askBecomePass: boolean;
}

interface RunToApply {
  runId: string;
  record: ApplyRequestRecord;
  progress: Map<string, ClusterProgress>;
  resumed: boolean;
}

export async function executeApply(request: ApplyRequest, clock: Clock = systemClock): Promise<number> {
  const cwd = process.cwd();
  const window = request.window ? parseWindow(request.window) : undefined;
  const startAt = request.at ? parseStartTime(request.at, clock.now()) : undefined;
  // The plan file first, before anything else is read: a missing, cut or edited file is one line (plan-file.ts).
  if (!request.resume && !request.planFile) throw new UsageError('no plan file given', 'quorum apply PLANFILE, or quorum apply --resume RUN');
  const given = request.resume ? undefined : await readPlanFile(request.planFile!);
  const target = request.resume ? await runToResume(request, cwd) : newRun(withPlannedInputs(request, given!.saved), cwd, clock.now());
  const { runId, record, progress, resumed } = target;

  const planFile = given ?? (await readPlanFile(record.plan_file));
  const planText = planFile.text;
  const planSha = sha256Hex(planText);
  if (resumed && planSha !== record.plan_sha256) {
    throw new PlanModifiedErrorSince(record.plan_file, runId, record.plan_sha256, planSha);
  }
  record.plan_sha256 = planSha;
  const saved = planFile.saved;
  const prepared = await prepareRun({ playbook: record.playbook, inventory: record.inventory, extraVars: record.extra_vars, rolesPath: record.roles_path, cwd });
  for (const warning of prepared.warnings) process.stderr.write(`${warning}\n`);
  const engine = await createTemplateEngine();
  const moduleLookup = (name: ModuleName) => modules[name as keyof typeof modules];
  const currentInputs = () => planInputDigests({ playbook: prepared.playbook, inventory: record.inventory, extraVars: record.extra_vars, cwd });

  /** Refuses to start (QUORUM_LOCKED, QUORUM_PLAN_STALE) unless the clusters and inputs are still the plan's. */
  const assertStillThePlan = async (): Promise<void> => {
    const connections = connectionProvider({ acceptNewHostKeys: request.acceptNewHostKeys });
    try {
      const live = await readLiveClusters({
        prepared,
        options: { ...defaultRunOptions, forks: request.forks, extraVars: prepared.extraVars, ...(record.limit ? { limit: record.limit } : {}) },
        modules: moduleLookup,
        connections,
        engine,
      }).catch((error: unknown) => {
        if (error instanceof QuorumError) throw error;
        // Nothing has started: say which cluster could not be read and why, in one line, never a stack.
        const why = (error instanceof Error ? error.message : String(error)).split('\n')[0];
        throw new QuorumError('QUORUM_CLUSTER_READ', `quorum apply: cannot read the clusters the plan rolls: ${why}`, ExitCode.error, 'nothing was changed; check that the members answer (quorum etcdctl -- endpoint status) and apply again');
      });
      const [holder] = live.locked;
      if (holder) throw holder;
      for (const note of live.notes) process.stderr.write(`quorum apply: ${note}\n`);
      const current = { engineVersion: version, inputs: await currentInputs() };
      const fingerprints = fingerprintClusters(live.states);
      const changes = resumed
        ? resumeChanges(saved, current, fingerprints, live.document, progress)
        : freshStartChanges(saved, current, fingerprints, live.document);
      if (changes.length > 0) throw new PlanStaleError(record.plan_file, changes);
      const unsafe = unsafeBatches(saved.plan, live.states, live.hosts, resumed ? progress : undefined);
      if (unsafe.length > 0) {
        throw new QuorumError('QUORUM_PLAN_UNSAFE', `${record.plan_file}: QUORUM_PLAN_UNSAFE: the saved batches would take quorum down with the cluster as it is now:\n${unsafe.map((u) => `  - ${u}`).join('\n')}`, ExitCode.error, 'bring the members that went down back (or plan again: the planner takes the ones down first), then apply');
      }
      for (const note of sinceThePlan(saved, fingerprints)) process.stderr.write(`quorum apply: since the plan: ${note}\n`);
    } finally {
      await connections.closeAll();
    }
  };

  await assertStillThePlan();
  const view = countdownView(process.stderr);
  let waited = false;
  if (startAt && startAt.getTime() > clock.now().getTime()) {
    await waitUntil(startAt, 'starting', clock, view);
    waited = true;
  }
  if (window && !isInsideWindow(window, clock.now())) {
    await waitUntil(nextOpening(window, clock.now()), `the window ${window.text} opens`, clock, view);
    waited = true;
  }
  // Hours may have passed: the clusters and the files are read again before anything is touched.
  if (waited) await assertStillThePlan();

  const path = journalPath(request.runDir, runId);
  const journal = await JournalWriter.open(path);
  const now = () => clock.now().toISOString();
  await journal.append(resumed ? { type: 'run_resume', at: now(), run: runId, pid: process.pid } : { type: 'run_start', at: now(), run: runId, pid: process.pid, request: record });
  process.stderr.write(`quorum apply: run ${runId} ${resumed ? 'resumed' : 'started'}; journal ${path}\n`);
  const hooks = new ApplyHooks({
    planFile: record.plan_file,
    saved,
    journal,
    progress,
    ...(window ? { window } : {}),
    clock,
    engineVersion: version,
    currentInputs,
  });
  let exitCode: number;
  try {
    exitCode = await executeRun({
      playbook: record.playbook,
      inventory: record.inventory,
      extraVars: record.extra_vars,
      rolesPath: record.roles_path,
      options: {
        check: false,
        diff: false,
        forks: request.forks,
        ...(record.limit ? { limit: record.limit } : {}),
        tags: { only: [], skip: [] },
        forceHandlers: false,
        verbosity: 0,
        rollingHooks: hooks,
        invocation: { runId, command: resumed ? `quorum apply --resume ${runId}` : `quorum apply ${record.plan_file}` },
      },
      output: request.output,
      acceptNewHostKeys: request.acceptNewHostKeys,
      askBecomePass: request.askBecomePass,
    });
    const seen = { stale: hooks.stale, locked: hooks.locked, windowClosed: hooks.windowClosed, failures: hooks.failures, interrupted: processInterrupts.stopped };
    const ending = endOfRun(seen, exitCode, record.plan_file, resumeCommand(runId, request.runDir));
    if (ending.message) process.stderr.write(`${ending.message}\n`);
    await journal.append({ type: 'run_end', at: now(), outcome: ending.outcome, exit_code: ending.exitCode, ...(ending.message ? { reason: ending.message } : {}) });
    return ending.exitCode;
  } finally {
    await journal.close();
  }
}

/**
 * `quorum apply PLANFILE` alone: the playbook, inventory, extra vars, roles path and limit are the ones the plan
 * recorded (paths made absolute from the directory the plan was made in). Given on the command line, they are
 * used as given, and the digests decide whether they are the planned ones.
 */
function withPlannedInputs(request: ApplyRequest, saved: SavedPlan): ApplyRequest {
  if (request.playbook || request.inventory.length > 0) return request;
  const recorded = saved.request;
  if (!recorded) return request;
  const from = (path: string) => resolve(recorded.cwd, path);
  return {
    ...request,
    playbook: from(recorded.playbook),
    inventory: recorded.inventory.map(from),
    extraVars: request.extraVars.length > 0 ? request.extraVars : recorded.extra_vars.map((v) => (v.startsWith('@') ? `@${from(v.slice(1))}` : v)),
    rolesPath: request.rolesPath.length > 0 ? request.rolesPath : recorded.roles_path.map(from),
    ...(request.limit ?? recorded.limit ? { limit: request.limit ?? recorded.limit! } : {}),
  };
}

/** The plan file of a run being resumed is not the one the run started with. */
class PlanModifiedErrorSince extends QuorumError {
  constructor(file: string, runId: string, was: string, now: string) {
    super(
      'QUORUM_PLAN_MODIFIED',
      `${file}: QUORUM_PLAN_MODIFIED: the plan file changed since run ${runId} started (sha256 ${was.slice(0, 12)} -> ${now.slice(0, 12)})`,
      ExitCode.parserError,
      'resume only with the plan the run started with; for another plan, start a new apply',
    );
  }
}

function newRun(request: ApplyRequest, cwd: string, now: Date): RunToApply {
  if (!request.planFile) throw new UsageError('no plan file given', 'quorum apply PLANFILE, or quorum apply --resume RUN');
  if (!request.playbook) throw new UsageError('no playbook given', 'this plan file does not record its playbook (saved by an older quorum): quorum apply PLANFILE PLAYBOOK -i INVENTORY');
  if (request.inventory.length === 0) throw new UsageError('no inventory given', 'pass the inventory the plan was made from with -i PATH');
  return {
    runId: newRunId(now),
    resumed: false,
    progress: new Map(),
    record: {
      plan_file: request.planFile,
      plan_sha256: '',
      playbook: request.playbook,
      inventory: [...request.inventory],
      extra_vars: [...request.extraVars],
      roles_path: [...request.rolesPath],
      limit: request.limit ?? null,
      cwd,
      window: request.window ?? null,
    },
  };
}

async function runToResume(request: ApplyRequest, cwd: string): Promise<RunToApply> {
  const runId = request.resume!;
  if (request.planFile || request.playbook || request.inventory.length > 0 || request.extraVars.length > 0 || request.limit) {
    throw new UsageError(`--resume ${runId}: give no plan file, playbook, -i, -e or --limit`, "the run's journal names the ones it started with");
  }
  const path = journalPath(request.runDir, runId);
  const entries = await readJournal(path, runId);
  let replay;
  try {
    replay = replayJournal(entries);
  } catch (error) {
    throw new QuorumError('QUORUM_JOURNAL', `${path}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.error, 'a journal is written by quorum apply; do not edit it');
  }
  const refusal = resumeRefusal(replay);
  if (refusal) throw new QuorumError('QUORUM_RUN_COMPLETE', refusal, ExitCode.error);
  const record = replay.start.request;
  if (record.cwd !== cwd) {
    throw new UsageError(`--resume ${runId}: the run was started in ${record.cwd}, and its paths are relative to it`, `cd ${record.cwd} and resume from there`);
  }
  return { runId, record: { ...record }, progress: replay.progress, resumed: true };
}

function resumeCommand(runId: string, runDir: string): string {
  return `quorum apply --resume ${runId}${runDir === DEFAULT_RUN_DIR ? '' : ` --run-dir ${runDir}`}`;
}

interface RunEnding {
  outcome: RunOutcome;
  exitCode: number;
  message?: string;
}

type RunEndings = Pick<ApplyHooks, 'stale' | 'locked' | 'windowClosed' | 'failures'> & {
  /** Rollouts an interrupt (Ctrl-C, SIGTERM) stopped between batches, one line each. */
  interrupted?: readonly string[];
};

/** Pure: how an apply ends, from what its hooks saw and the playbook run's exit code. */
export function endOfRun(
  hooks: RunEndings,
  runExitCode: number,
  planFile: string,
  resume: string,
): RunEnding {
  if (hooks.stale.length > 0) {
    const stale = new PlanStaleError(planFile, hooks.stale);
    return { outcome: 'stale', exitCode: stale.exitCode, message: `${stale.message}\nthe run stopped before the next batch; plan again (or, if the change was undone, ${resume})` };
  }
  if (hooks.locked) return { outcome: 'locked', exitCode: LOCKED_EXIT_CODE, message: hooks.locked };
  // The run says 99 only when an interrupt stopped it and nothing failed: a failure says more, and is ended below.
  if (runExitCode === ExitCode.interrupted && hooks.interrupted && hooks.interrupted.length > 0) {
    return {
      outcome: 'interrupted',
      exitCode: ExitCode.interrupted,
      message: `quorum apply: ${hooks.interrupted.join('; ')}; the batches done are journaled; continue with: ${resume}`,
    };
  }
  if (hooks.windowClosed) {
    return { outcome: 'window-closed', exitCode: WINDOW_CLOSED_EXIT_CODE, message: `quorum apply: ${hooks.windowClosed}; the batches done are journaled; continue with: ${resume}` };
  }
  if (runExitCode === ExitCode.ok) return { outcome: 'done', exitCode: ExitCode.ok };
  return { outcome: 'failed', exitCode: runExitCode, message: `quorum apply: the run stopped (exit ${runExitCode}); once the cause is fixed, continue with: ${resume}` };
}
