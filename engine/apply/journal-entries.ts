// The run journal's lines: one JSON object per completed step, appended and fsynced as each step ends, so
// that a run killed at any moment leaves a journal that says exactly what finished. Field names are snake_case:
// it is a file format that people read with jq.

/** What `quorum apply` was asked to run, so that `--resume` runs the same thing. */
export interface ApplyRequestRecord {
  plan_file: string;
  /** sha256 of the plan file's bytes: resume refuses a plan file that changed. */
  plan_sha256: string;
  playbook: string;
  inventory: string[];
  extra_vars: string[];
  roles_path: string[];
  limit: string | null;
  /** The working directory the paths above are relative to. */
  cwd: string;
  window: string | null;
}

export interface RunStartEntry {
  type: 'run_start';
  at: string;
  run: string;
  pid: number;
  request: ApplyRequestRecord;
}

/** `quorum apply --resume` took the run over again. */
export interface RunResumeEntry {
  type: 'run_resume';
  at: string;
  run: string;
  pid: number;
}

/** Where a batch is: play (by index in the playbook, and name), cluster, batch number (1-based) and hosts. */
export interface BatchPlace {
  play_index: number;
  play: string;
  cluster: string;
  batch: number;
  hosts: string[];
}

export type BatchStartedEntry = { type: 'batch_started'; at: string } & BatchPlace;
export type GatePassedEntry = { type: 'gate_passed'; at: string } & BatchPlace;

/** The leader was not where the plan put it: from then on the batches of this cluster run in this order. */
export interface BatchOrderEntry {
  type: 'batch_order';
  at: string;
  play_index: number;
  play: string;
  cluster: string;
  /** Every batch's hosts, in the new order (the ones already done unchanged). */
  batches: string[][];
  /** The order's move, in words. */
  moved: string;
}

export interface ClusterDoneEntry {
  type: 'cluster_done';
  at: string;
  play_index: number;
  play: string;
  cluster: string;
}

/** How a run ended. `window-closed` and `stale` leave it resumable; `done` does not. */
export type RunOutcome = 'done' | 'window-closed' | 'interrupted' | 'stale' | 'locked' | 'failed';

export interface RunEndEntry {
  type: 'run_end';
  at: string;
  outcome: RunOutcome;
  exit_code: number;
  reason?: string;
}

export type JournalEntry = RunStartEntry | RunResumeEntry | BatchStartedEntry | GatePassedEntry | BatchOrderEntry | ClusterDoneEntry | RunEndEntry;
