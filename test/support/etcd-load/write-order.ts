// Pure: which endpoints a write tries, in order. Write n starts at endpoint n mod count (round robin, so every
// member takes its share of the load) and goes on to the next ones when an endpoint does not accept it: a
// put is idempotent (same key, same value), so a write counts as failed only when no member took it in time.

/** The endpoint that attempt `attempt` (0 first) of write `writeNumber` goes to. */
export function endpointOfAttempt(writeNumber: number, attempt: number, endpointCount: number): number {
  return (writeNumber + attempt) % endpointCount;
}

/** Every endpoint once, starting at write n's own (for reads that must find any member that answers). */
export function attemptOrder(writeNumber: number, endpointCount: number): number[] {
  if (endpointCount < 1) return [];
  const first = writeNumber % endpointCount;
  return Array.from({ length: endpointCount }, (_, i) => (first + i) % endpointCount);
}

/** The key of write n: sortable, and unique per writer prefix. */
export function loadKey(prefix: string, writeNumber: number): string {
  return `${prefix}${String(writeNumber).padStart(9, '0')}`;
}
