// The typed events a run emits. Every view (the listr2 live view, plain lines, JSON lines, the recap, the run
// journal) is a subscriber to these, after ansible-core's callback plugins: the executor never prints.

/** How one host came out of one task (Ansible's per-host statuses). */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable' | 'rescued' | 'ignored';

export interface TaskDiff {
  /** Headed `--- before: ...` and `+++ after: ...` as Ansible heads them (the file, the template, ...). */
  beforeHeader?: string;
  afterHeader?: string;
  before: string;
  after: string;
}

export interface RunStart {
  type: 'run_start';
  playbook: string;
  check: boolean;
  diff: boolean;
}

export interface PlayStart {
  type: 'play_start';
  play: string;
  hosts: string[];
}

/** A batch of a rolling or serial play; for rolling plays the quorum figures are set. */
export interface BatchStart {
  type: 'batch_start';
  play: string;
  index: number;
  count: number;
  hosts: string[];
  cluster?: string;
  votersUp?: number;
  quorum?: number;
}

export interface TaskStart {
  type: 'task_start';
  play: string;
  task: string;
  /** The module's short name (absent for the implicit fact gathering). */
  module?: string;
  role?: string;
  handler: boolean;
}

export interface HostResult {
  type: 'host_result';
  task: string;
  host: string;
  status: HostStatus;
  /** The loop item this result is for, when the task loops. */
  item?: unknown;
  delegatedTo?: string;
  msg?: string;
  rc?: number;
  stdout?: string;
  stderr?: string;
  diff?: TaskDiff[];
  /** The task said no_log: every view shows a censored result instead of the fields above. */
  noLog: boolean;
  /** ignore_errors turned this failure into an ok (Ansible prints "...ignoring"). */
  ignored?: boolean;
  /** What Ansible prints after `=>` for this result (debug's msg or var, a failure's fields). */
  display?: Record<string, unknown>;
  /** until/retries: the attempt this result came from, when more than one was made. */
  attempts?: number;
  /** The whole-task result of a loop, after its per-item results: counted in the recap, not printed. */
  loopSummary?: boolean;
  /** How the recap counts it when that differs from the status: a failure its block's rescue takes over. */
  countAs?: HostStatus;
  /** An ignored failure whose result still says changed: Ansible's recap counts it as changed too. */
  changedToo?: boolean;
}

export interface GateEvent {
  type: 'gate';
  cluster: string;
  status: 'waiting' | 'passed' | 'failed';
  detail: string;
}

/** Leadership handed to another member before the leader's batch goes down. */
export interface LeaderMoved {
  type: 'leader_moved';
  cluster: string;
  from: string;
  to: string;
}

export interface Warning {
  type: 'warning';
  message: string;
}

export interface RunEnd {
  type: 'run_end';
  exitCode: number;
}

export type RunEvent = RunStart | PlayStart | BatchStart | TaskStart | HostResult | GateEvent | LeaderMoved | Warning | RunEnd;

/** Anything that wants to see a run's events. */
export type EventListener = (event: RunEvent) => void;

/** Fans events out to every subscriber in the order they subscribed. */
export class EventBus {
  private readonly listeners: EventListener[] = [];

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  emit(event: RunEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
