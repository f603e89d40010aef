// The planner's own failures, with stable codes that scripts around quorum can match on.
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import type { ClusterRefusal } from './cluster-plan.js';
import { renderRefusal } from './render-text.js';

/** No safe order exists for at least one cluster; nothing runs. */
export class PlanRefusedError extends QuorumError {
  constructor(readonly refusals: readonly ClusterRefusal[]) {
    super('QUORUM_PLAN_UNSAFE', refusals.map((r) => renderRefusal(r)).join('').trimEnd(), ExitCode.error);
    this.name = 'PlanRefusedError';
  }
}

/** A saved plan no longer matches its inputs or the clusters it was computed for. */
export class PlanStaleError extends QuorumError {
  constructor(
    readonly file: string,
    readonly changes: readonly string[],
  ) {
    super(
      'QUORUM_PLAN_STALE',
      `${file}: QUORUM_PLAN_STALE: the saved plan is stale:\n${changes.map((change) => `  - ${change}`).join('\n')}`,
      ExitCode.error,
      'run quorum plan again, review it, and apply the new plan',
    );
    this.name = 'PlanStaleError';
  }
}
