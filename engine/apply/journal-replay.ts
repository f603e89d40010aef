import type { JournalEntry, RunEndEntry, RunStartEntry } from './journal-entries.js';

// What a journal says was completed, for `--resume`: per play and cluster, how many batches at the front
// passed their gate (those are skipped), and which batch, if any, started without passing (it runs again:
// its tasks are a restart, and a restart of a member that is up already is just one more restart).

export interface ClusterProgress {
  /** Batches 1..done passed their gate. */
  done: number;
  /** A batch that started and never passed its gate (the run stopped inside it), 1-based. */
  inFlight?: number;
  /** Every batch of the cluster completed. */
  complete: boolean;
  /** The hosts of each batch in the order they run, when the leader moved them (batch_order); else the plan's. */
  order?: string[][];
}

export interface JournalReplay {
  start: RunStartEntry;
  /** The last run_end, if the last attempt ended at all (a killed run has none). */
  end?: RunEndEntry;
  progress: Map<string, ClusterProgress>;
}

export function progressKey(playIndex: number, cluster: string): string {
  return `${playIndex}\u0000${cluster}`;
}

/** Throws a plain Error with the reason when the journal cannot be resumed from. */
export function replayJournal(entries: readonly JournalEntry[]): JournalReplay {
  const start = entries[0];
  if (start === undefined || start.type !== 'run_start') throw new Error('the journal does not begin with the run_start line');
  const progress = new Map<string, ClusterProgress>();
  let end: RunEndEntry | undefined;
  const of = (playIndex: number, cluster: string): ClusterProgress => {
    const key = progressKey(playIndex, cluster);
    let p = progress.get(key);
    if (!p) progress.set(key, (p = { done: 0, complete: false }));
    return p;
  };
  for (const entry of entries) {
    if (entry.type === 'batch_started') {
      of(entry.play_index, entry.cluster).inFlight = entry.batch;
    } else if (entry.type === 'gate_passed') {
      const p = of(entry.play_index, entry.cluster);
      // Batches complete in order; a gap would mean a journal from two different plans.
      if (entry.batch !== p.done + 1) throw new Error(`batch ${entry.batch} of play ${entry.play_index + 1}, cluster ${entry.cluster} passed its gate after batch ${p.done}`);
      p.done = entry.batch;
      if (p.inFlight === entry.batch) delete p.inFlight;
    } else if (entry.type === 'batch_order') {
      of(entry.play_index, entry.cluster).order = entry.batches.map((b) => [...b]);
    } else if (entry.type === 'cluster_done') {
      of(entry.play_index, entry.cluster).complete = true;
    } else if (entry.type === 'run_end') {
      end = entry;
    } else if (entry.type === 'run_resume') {
      end = undefined;
    }
  }
  return { start, ...(end ? { end } : {}), progress };
}

/** Whether the run may be resumed: not when its last attempt finished the whole plan. */
export function resumeRefusal(replay: JournalReplay): string | undefined {
  if (replay.end?.outcome === 'done') return `run ${replay.start.run} completed at ${replay.end.at}; there is nothing left to resume`;
  return undefined;
}
