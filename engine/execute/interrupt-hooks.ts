import type { Play } from '../load/types.js';
import { renderRefusal } from '../plan/render-text.js';
import type { Interrupts } from './interrupts.js';
import type { BatchVerdict, HaltCause, RollingBatchPoint, RollingClusterStart, RollingHooks, RollingSchedule } from './rolling-hooks.js';

// Rolling hooks that let an interrupt (interrupts.ts) stop each rollout between batches, around the caller's own
// hooks (`quorum apply`'s, or none for `quorum run`). A cluster holds the interrupt off from the start of its
// rollout to its end, done or halted; before each batch, a requested interrupt stops it with the place it stopped.
// (A rollout that ends because another cluster's failure is fatal keeps its hold until the run ends, moments later.)

export function withInterrupts(inner: RollingHooks | undefined, interrupts: Interrupts): RollingHooks {
  const releases = new Map<string, () => void>();
  const key = (playIndex: number, cluster: string) => `${playIndex}\u0000${cluster}`;
  const release = (playIndex: number, cluster: string) => {
    releases.get(key(playIndex, cluster))?.();
    releases.delete(key(playIndex, cluster));
  };
  const hooks: RollingHooks = {
    async startCluster(start: RollingClusterStart): Promise<RollingSchedule> {
      release(start.playIndex, start.cluster);
      releases.set(key(start.playIndex, start.cluster), interrupts.hold());
      if (inner?.startCluster) return inner.startCluster(start);
      // What the rolling play does without hooks: the live plan's batches, or its refusal (thrown: the play
      // halts the cluster with the whole message).
      if (!start.outcome.ok) throw new Error(renderRefusal(start.outcome.refusal).trim());
      return { batches: start.outcome.plan.batches, done: 0 };
    },
    async beforeBatch(point: RollingBatchPoint): Promise<BatchVerdict> {
      if (interrupts.requested !== undefined) {
        const done = point.index === 0 ? 'no batch had started' : `batch${point.index === 1 ? '' : 'es'} 1${point.index === 1 ? '' : `-${point.index}`} completed with the health gate`;
        const reason = `interrupted (${interrupts.requested}): batch ${point.index + 1} of ${point.batches.length} of cluster ${point.cluster} was not started; ${done}`;
        interrupts.stopped.push(reason);
        return { go: false, reason };
      }
      return inner?.beforeBatch ? inner.beforeBatch(point) : { go: true };
    },
    async clusterDone(play: Play, playIndex: number, cluster: string): Promise<void> {
      release(playIndex, cluster);
      await inner?.clusterDone?.(play, playIndex, cluster);
    },
    halted(play: Play, playIndex: number, cluster: string, cause: HaltCause, reason: string): void {
      release(playIndex, cluster);
      inner?.halted?.(play, playIndex, cluster, cause, reason);
    },
  };
  if (inner?.batchStarted) hooks.batchStarted = (point) => inner.batchStarted!(point);
  if (inner?.gatePassed) hooks.gatePassed = (point) => inner.gatePassed!(point);
  return hooks;
}
