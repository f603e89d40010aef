import type { HostStatus } from '../events.js';
import type { ModuleResult } from '../modules/types.js';

// The value a task registers, shaped as Ansible registers it, and the status it shows for the host.

export type Registered = Record<string, unknown>;

export function registeredValue(result: ModuleResult): Registered {
  const value: Registered = { ...result.values, changed: result.changed };
  value.failed = result.failed ?? false;
  if (result.skipped) value.skipped = true;
  if (result.msg !== undefined) value.msg = result.msg;
  if (result.diff) value.diff = result.diff;
  return value;
}

export const skippedValue = (reason: string): Registered => ({
  changed: false,
  skipped: true,
  skip_reason: reason,
  false_condition: reason,
});

/** A loop registers `results`, one per item, and sums them up. */
export function loopValue(results: Registered[]): Registered {
  const value: Registered = {
    results,
    changed: results.some((r) => r.changed === true),
    msg: 'All items completed',
  };
  if (results.some((r) => r.failed === true)) {
    value.failed = true;
    value.msg = 'One or more items failed';
  }
  if (results.length > 0 && results.every((r) => r.skipped === true)) value.skipped = true;
  if (results.length === 0) {
    value.skipped = true;
    value.skipped_reason = 'No items in the list';
  }
  return value;
}

export function statusOf(value: Registered): HostStatus {
  if (value.unreachable === true) return 'unreachable';
  if (value.failed === true) return 'failed';
  if (value.skipped === true) return 'skipped';
  return value.changed === true ? 'changed' : 'ok';
}
