import { parseArgs } from 'node:util';

// `node bench/rolling/run.js [--members 5] [--keys 50000] [--value-bytes 1024] [--block 127.0.93] [--keep]`.

export interface RollingBenchOptions {
  members: number;
  /** Keys the cluster holds before anything is measured. */
  keys: number;
  valueBytes: number;
  /** The lab's address block; 127.0.91 to 127.0.99 are the benchmarks' (see test/support/lab.ts). */
  block: string;
  /** Leave the lab and its cluster running afterwards; the default takes them down. */
  keep: boolean;
}

export class BenchUsageError extends Error {}

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new BenchUsageError(`bench/rolling: --${name} must be a whole number of at least 1, got "${text ?? ''}"`);
  return value;
}

export function readOptions(argv: readonly string[]): RollingBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      members: { type: 'string', default: '5' },
      keys: { type: 'string', default: '50000' },
      'value-bytes': { type: 'string', default: '1024' },
      block: { type: 'string', default: '127.0.93' },
      keep: { type: 'boolean', default: false },
    },
  });
  const block = values.block ?? '127.0.93';
  if (!/^127\.0\.9[1-9]$/.test(block)) throw new BenchUsageError(`bench/rolling: --block ${block}: benchmarks use 127.0.91 to 127.0.99 (see test/support/lab.ts)`);
  const members = positiveInteger('members', values.members);
  if (members < 3) throw new BenchUsageError(`bench/rolling: --members ${members}: a rolling restart that keeps quorum needs at least 3`);
  return {
    members,
    keys: positiveInteger('keys', values.keys),
    valueBytes: positiveInteger('value-bytes', values['value-bytes']),
    block,
    keep: values.keep ?? false,
  };
}
