// The benchmark's printed lines: every round, the medians, and "figure, target, ratio" verdicts.
import type { ContenderName } from './contenders.js';
import type { MeasuredRun } from './measure.js';

export interface Medians {
  readonly milliseconds: number;
  readonly cpuMilliseconds: number;
  readonly maxRssKilobytes: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function mediansOf(runs: readonly MeasuredRun[]): Medians {
  return {
    milliseconds: median(runs.map((r) => r.milliseconds)),
    cpuMilliseconds: median(runs.map((r) => r.cpuMilliseconds)),
    maxRssKilobytes: median(runs.map((r) => r.maxRssKilobytes)),
  };
}

export const formatMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
export const formatMb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

export function describeRun(name: ContenderName, run: MeasuredRun): string {
  return `${name} ${formatMs(run.milliseconds)} (CPU ${formatMs(run.cpuMilliseconds)}, peak ${formatMb(run.maxRssKilobytes)})`;
}

const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');

/** "quorum is N.Nx faster than ansible-playbook (target: at least 10x) -> met", for wall and CPU time. */
export function speedupLines(quorum: Medians, ansible: Medians, target: number): string[] {
  const wall = ansible.milliseconds / quorum.milliseconds;
  const cpu = ansible.cpuMilliseconds / quorum.cpuMilliseconds;
  return [
    `ratio: quorum run is ${wall.toFixed(1)}x faster than pipelined ansible-playbook ` +
      `(${formatMs(quorum.milliseconds)} vs ${formatMs(ansible.milliseconds)}; target: at least ${target}x) -> ${verdict(wall >= target)}`,
    `CPU ratio: quorum run uses ${cpu.toFixed(1)}x less CPU time than ansible-playbook ` +
      `(${formatMs(quorum.cpuMilliseconds)} vs ${formatMs(ansible.cpuMilliseconds)}; target: at least ${target}x) -> ${verdict(cpu >= target)}`,
  ];
}

/** "quorum takes N.Nx the floor's time (target: at most 3x) -> met", for wall and CPU time. */
export function floorLines(quorum: Medians, floor: Medians, target: number): string[] {
  const wall = quorum.milliseconds / floor.milliseconds;
  const cpu = quorum.cpuMilliseconds / floor.cpuMilliseconds;
  return [
    `ratio: quorum run takes ${wall.toFixed(1)}x the floor's wall time ` +
      `(${formatMs(quorum.milliseconds)} vs ${formatMs(floor.milliseconds)}; target: at most ${target}x) -> ${verdict(wall <= target)}`,
    `CPU ratio: quorum run takes ${cpu.toFixed(1)}x the floor's CPU time ` +
      `(${formatMs(quorum.cpuMilliseconds)} vs ${formatMs(floor.cpuMilliseconds)}; target: at most ${target}x) -> ${verdict(cpu <= target)}`,
  ];
}

export function memoryLine(quorum: Medians, ansible: Medians, floor: Medians, targetMb: number): string {
  const mb = quorum.maxRssKilobytes / 1024;
  return (
    `peak memory: quorum run ${formatMb(quorum.maxRssKilobytes)} (target: under ${targetMb} MB) -> ${verdict(mb < targetMb)}; ` +
    `largest ansible-playbook process ${formatMb(ansible.maxRssKilobytes)}, floor ${formatMb(floor.maxRssKilobytes)}`
  );
}
