import { parseArgs } from 'node:util';

// `node bench/engine/run.js [--hosts 5] [--rounds 5] [--forks N] [--block 127.0.91] [--keep]`.

export interface BenchOptions {
  hosts: number;
  rounds: number;
  /** Hosts that run a task at the same time, the same for quorum and ansible-playbook. */
  forks: number;
  /** The lab's address block; 127.0.91 to 127.0.99 are the benchmarks' (see test/support/lab.ts). */
  block: string;
  /** Leave the lab running afterwards (for looking at the hosts); the default takes it down. */
  keep: boolean;
}

export class BenchUsageError extends Error {}

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new BenchUsageError(`bench/engine: --${name} must be a whole number of at least 1, got "${text ?? ''}"`);
  }
  return value;
}

export function readOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      hosts: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '5' },
      forks: { type: 'string' },
      block: { type: 'string', default: '127.0.91' },
      keep: { type: 'boolean', default: false },
    },
  });
  const hosts = positiveInteger('hosts', values.hosts);
  if (hosts > 254) throw new BenchUsageError(`bench/engine: --hosts ${hosts}: a lab block holds at most 254 hosts`);
  const block = values.block ?? '127.0.91';
  if (!/^127\.0\.9[1-9]$/.test(block)) {
    throw new BenchUsageError(`bench/engine: --block ${block}: benchmarks use 127.0.91 to 127.0.99 (see test/support/lab.ts)`);
  }
  return {
    hosts,
    rounds: positiveInteger('rounds', values.rounds),
    // Every host at once by default: the floor script drives all hosts in parallel, and both tools get the same.
    forks: values.forks === undefined ? hosts : positiveInteger('forks', values.forks),
    block,
    keep: values.keep ?? false,
  };
}
