// Ansible's `serial`: the play's hosts cut into batches of fixed sizes taken from the host list, in order.
// The quorum planner replaces this for rolling plays; plain plays keep Ansible's behaviour exactly.

/** A size as written in a play: a count, or a percentage of the play's hosts ("30%"). */
export type SerialValue = number | string;

/**
 * A percentage is of all the play's hosts, rounded down, and never less than 1 (Ansible's pct_to_int);
 * zero or a negative count means "all the rest in one batch".
 */
export function batchSize(value: SerialValue, hostCount: number): number {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed.endsWith('%')) {
      const pct = Number.parseInt(trimmed.slice(0, -1), 10);
      return Math.floor((pct / 100) * hostCount) || 1;
    }
    return Number.parseInt(trimmed, 10);
  }
  return Math.trunc(value);
}

/** True when a serial value is a count or a percentage Ansible would accept. */
export function isValidSerialValue(value: unknown): value is SerialValue {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && /^\s*-?\d+%?\s*$/.test(value);
}

/**
 * Cuts hosts into batches: each size of the list in turn, the last one repeated for the remaining hosts.
 * No serial (or an empty list) gives one batch of every host.
 */
export function serialBatches<T>(hosts: readonly T[], serial: SerialValue | readonly SerialValue[] | undefined): T[][] {
  const sizes = serial === undefined ? [] : Array.isArray(serial) ? serial : [serial as SerialValue];
  const left = [...hosts];
  if (left.length === 0) return [];
  const batches: T[][] = [];
  let index = 0;
  while (left.length > 0) {
    const size = sizes.length === 0 ? 0 : batchSize(sizes[index]!, hosts.length);
    if (size <= 0) {
      batches.push(left.splice(0));
      break;
    }
    batches.push(left.splice(0, size));
    index = Math.min(index + 1, sizes.length - 1);
  }
  return batches;
}
