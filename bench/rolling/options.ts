import { parseArgs } from 'node:util';

// `node bench/rolling/run.js [--members 5] [--keys 50000] [--value-bytes 1024] [--playbooks roles|demo] [-e VARS ...] [--block 127.0.93] [--keep]`.

export interface RollingBenchOptions {
  members: number;
  /** Keys the cluster holds before anything is measured. */
  keys: number;
  valueBytes: number;
  /** `roles`: playbooks/deploy.yml and rolling-restart.yml (TLS); `demo`: playbooks/demo (plain HTTP). */
  playbooks: 'roles' | 'demo';
  /** `-e` values for the rolling restart's run only (to try tunings such as etcd_restart_wait_delay). */
  rollingExtraVars: string[];
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
      playbooks: { type: 'string', default: 'roles' },
      'extra-vars': { type: 'string', short: 'e', multiple: true },
      block: { type: 'string', default: '127.0.93' },
      keep: { type: 'boolean', default: false },
    },
  });
  const block = values.block ?? '127.0.93';
  if (!/^127\.0\.9[1-9]$/.test(block)) throw new BenchUsageError(`bench/rolling: --block ${block}: benchmarks use 127.0.91 to 127.0.99 (see test/support/lab.ts)`);
  const members = positiveInteger('members', values.members);
  if (members < 3) throw new BenchUsageError(`bench/rolling: --members ${members}: a rolling restart that keeps quorum needs at least 3`);
  const playbooks = values.playbooks ?? 'roles';
  if (playbooks !== 'roles' && playbooks !== 'demo') throw new BenchUsageError(`bench/rolling: --playbooks ${playbooks}: expected roles or demo`);
  if (members > 5 && playbooks === 'roles') throw new BenchUsageError(`bench/rolling: --members ${members}: inventories/lab-scaled has 5 members (use --playbooks demo for more)`);
  return {
    members,
    playbooks,
    rollingExtraVars: values['extra-vars'] ?? [],
    keys: positiveInteger('keys', values.keys),
    valueBytes: positiveInteger('value-bytes', values['value-bytes']),
    block,
    keep: values.keep ?? false,
  };
}
