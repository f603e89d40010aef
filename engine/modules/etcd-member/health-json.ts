import { parseJsonKeepingBigIntegers } from '../../plan/json-big-integers.js';

// Reads `etcdctl endpoint health --cluster -w json`: one entry per client URL of every started member. etcdctl
// exits 1 when any endpoint is unhealthy but still prints the whole list, so the list is read either way.

export interface EndpointHealth {
  endpoint: string;
  healthy: boolean;
  /** etcd's reason when unhealthy ('context deadline exceeded'). */
  error?: string;
}

export function parseEndpointHealth(text: string): EndpointHealth[] {
  const start = text.indexOf('[');
  if (start < 0) throw new Error(`could not read etcdctl endpoint health output: no list in ${JSON.stringify(text.trim().slice(0, 200))}`);
  const parsed = parseJsonKeepingBigIntegers(text.slice(start, text.lastIndexOf(']') + 1));
  if (!Array.isArray(parsed)) throw new Error('could not read etcdctl endpoint health output: expected a list');
  return parsed.map((entry: unknown, index) => {
    const e = entry as { endpoint?: unknown; health?: unknown; error?: unknown } | null;
    if (e === null || typeof e !== 'object' || typeof e.endpoint !== 'string') {
      throw new Error(`could not read etcdctl endpoint health output: [${index}].endpoint: expected a string`);
    }
    return {
      endpoint: e.endpoint,
      healthy: e.health === true,
      ...(typeof e.error === 'string' ? { error: e.error } : {}),
    };
  });
}
