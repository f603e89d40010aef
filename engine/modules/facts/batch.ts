import { randomBytes } from 'node:crypto';
import type { FactOutput } from '../types.js';
import type { NamedQuery } from '../define.js';

// All of a task's fact commands go to the host as one script (one round trip), each in its own subshell
// between marker lines that carry a random nonce, so that no file content can forge a marker.

/** `true` prints nothing and exits 0 on every host: its output is known without asking. */
export function isNoOpQuery(query: NamedQuery): boolean {
  return query.command.trim() === 'true';
}

export function newNonce(): string {
  return randomBytes(8).toString('hex');
}

export function buildFactBatch(queries: readonly NamedQuery[], nonce: string): string {
  const parts = queries.map((query, index) =>
    [
      `printf '%s\\n' '__quorum_${nonce}_begin_${index}'`,
      `( ${query.command}\n)`,
      `printf '\\n%s %s\\n' '__quorum_${nonce}_end_${index}' "$?"`,
    ].join('\n'),
  );
  return parts.join('\n') + '\n';
}

/** Cuts the batch's stdout back into one output per query; a query whose markers are missing gets rc 127. */
export function splitFactBatch(queries: readonly NamedQuery[], nonce: string, stdout: string): Map<string, FactOutput> {
  const outputs = new Map<string, FactOutput>();
  queries.forEach((query, index) => {
    const begin = `__quorum_${nonce}_begin_${index}\n`;
    const endPattern = new RegExp(`\\n__quorum_${nonce}_end_${index} (\\d+)\\n`);
    const start = stdout.indexOf(begin);
    if (start < 0) return;
    const rest = stdout.slice(start + begin.length);
    const end = endPattern.exec(rest);
    if (!end) return;
    outputs.set(query.name, { stdout: rest.slice(0, end.index), rc: Number(end[1]) });
  });
  for (const query of queries) if (!outputs.has(query.name)) outputs.set(query.name, { stdout: '', rc: 127 });
  return outputs;
}
