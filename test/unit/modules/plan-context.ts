import { createHash } from 'node:crypto';
import type { ArgSpec } from '../../../engine/modules/args/spec.js';
import type { TypedModule } from '../../../engine/modules/define.js';
import type { PathStat } from '../../../engine/modules/facts/stat.js';
import type { JsonObject, ModulePlan, PlanContext, RemoteStep } from '../../../engine/modules/types.js';

// Shared inputs for the modules' plan tables: a fixed clock, and stat facts built from a file's content.

export const fixedNow = new Date('2026-01-02T03:04:05Z');

export function planContext(overrides: Partial<PlanContext> = {}): PlanContext {
  return { check: false, diff: false, inventoryHostname: 'h1', hostFacts: {}, now: () => fixedNow, verbosity: 0, ...overrides };
}

export function planFor<S extends ArgSpec, F, L>(
  module: TypedModule<S, F, L>,
  raw: JsonObject,
  facts: F,
  local: L,
  ctx: PlanContext = planContext(),
): ModulePlan {
  return module.definition.plan(module.normalize(raw), facts, local, ctx);
}

/** A regular file as statQuery reports it, owned by root, mode 0644 unless given. */
export function fileStat(content: string, overrides: Partial<PathStat> = {}): PathStat {
  return {
    exists: true,
    kind: 'file',
    mode: 0o644,
    owner: 'root',
    group: 'root',
    uid: 0,
    gid: 0,
    size: Buffer.byteLength(content),
    mtime: 1,
    sha256: createHash('sha256').update(content).digest('hex'),
    content,
    ...overrides,
  };
}

export const directoryStat: PathStat = { exists: true, kind: 'directory', mode: 0o755, owner: 'root', group: 'root', uid: 0, gid: 0 };
export const absentStat: PathStat = { exists: false };

/** Steps in a form a table can spell out: exec commands as text, puts as `put PATH MODE CONTENT`. */
export function describeSteps(steps: readonly RemoteStep[]): string[] {
  return steps.map((step) => {
    if (step.kind === 'exec') return step.command;
    if (step.kind === 'put') return `put ${step.path} ${step.mode.toString(8)} ${step.content.toString('utf8')}${step.owner ? ` ${step.owner}` : ''}`;
    return `fetch ${step.remotePath} -> ${step.localPath}`;
  });
}
