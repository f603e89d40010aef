import type { Become } from '../connect/types.js';
import type { ModuleName } from './names.js';

// The shapes every module shares. A module is pure: from its arguments and the facts gathered on the host it
// computes the steps that bring the host to the wanted state (or none). Only run.ts does I/O with them.

export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** What a fact command printed, as cut out of the batched gather script by run.ts. */
export interface FactOutput {
  stdout: string;
  rc: number;
}

/** One shell command run on the host before planning (also in check mode); its output becomes a typed fact. */
export interface FactQuery<T> {
  command: string;
  parse(output: FactOutput): T;
}

/** The queries a module asks for, one per fact it reads: `{ dest: FactQuery<PathStat> }` gives `facts.dest`. */
export type FactQueries<F> = { [K in keyof F]: FactQuery<F[K]> };

/** Run a command on the host. Content travels on stdin, never on the command line. */
export interface ExecStep {
  kind: 'exec';
  command: string;
  stdin?: string;
  timeoutMs?: number;
  /** When false a non-zero exit does not fail the task: the module's `complete` judges the outcome. */
  mustSucceed?: boolean;
  /** Read-only steps (a check, a wait) run in check mode too. */
  readOnly?: boolean;
}

/** Write a whole file on the host (the connection writes a temp file beside it and renames it). */
export interface PutStep {
  kind: 'put';
  path: string;
  content: Buffer;
  mode: number;
  owner?: string;
  group?: string;
  /** A temp file that a later step moves into place or removes: writing it alone changes nothing. */
  staging?: boolean;
}

/** Copy a file from the host to the controller. */
export interface FetchStep {
  kind: 'fetch';
  remotePath: string;
  localPath: string;
  /** When set, the copy's sha1 must equal it (fetch's validate_checksum). */
  sha1?: string;
}

export type RemoteStep = ExecStep | PutStep | FetchStep;

/** What one step did, handed to the module's `complete` so that it can shape the registered result. */
export interface StepOutput {
  rc: number;
  stdout: string;
  stderr: string;
  startedAt: Date;
  endedAt: Date;
}

/** A change to one file in the form Ansible's `--diff` shows it. */
export interface FileDiff {
  before: string;
  after: string;
  before_header?: string;
  after_header?: string;
}

/** Something the executor itself must do for a controller-side module. */
export type ControllerEffect =
  | { kind: 'pause'; seconds: number | undefined; prompt: string | undefined; echo: boolean }
  | { kind: 'meta'; action: MetaAction };

export const metaActions = [
  'noop',
  'flush_handlers',
  'refresh_inventory',
  'clear_facts',
  'clear_host_errors',
  'end_play',
  'end_host',
  'end_batch',
  'reset_connection',
] as const;
export type MetaAction = (typeof metaActions)[number];

/** A task's outcome: the flags every task has plus the module's own registered fields (rc, stdout, stat, ...). */
export interface ModuleResult {
  changed: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  diff?: FileDiff;
  /** The module's fields as Ansible registers them. */
  values: JsonObject;
  /** set_fact: variables for the executor to merge into the host's facts. */
  facts?: JsonObject;
  /** set_fact's `cacheable`. */
  cacheable?: boolean;
  effect?: ControllerEffect;
}

/** The plan for one task on one host: computed without touching the host. */
export interface ModulePlan {
  changed: boolean;
  steps: RemoteStep[];
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  diff?: FileDiff;
  values: JsonObject;
  facts?: JsonObject;
  cacheable?: boolean;
  effect?: ControllerEffect;
  /** Shapes the final result from what the steps printed (command's rc and stdout, wait_for's elapsed). */
  complete?(outputs: readonly StepOutput[]): Partial<ModuleResult>;
}

/** The facts about the host that modules read; the executor passes what `setup` gathered. */
export interface HostFacts {
  /** 'systemd' selects systemctl; anything else (or unknown, then detected) the pidfile back end. */
  ansible_service_mgr?: string;
}

/** Everything a module needs from the executor, injected so that modules stay free of global state. */
export interface ModuleContext {
  check: boolean;
  diff: boolean;
  become?: Become;
  inventoryHostname: string;
  hostFacts: HostFacts;
  /** Where `src` is looked up, in order: a role's files/, the playbook's files/, the playbook's directory. */
  fileSearchDirs: readonly string[];
  /** Where a template's `src` is looked up, in order: a role's templates/, the playbook's templates/, its dir. */
  templateSearchDirs: readonly string[];
  /** Renders a template file (an absolute path on the controller) with the host's variables. */
  renderTemplate(path: string): Promise<string>;
  readControllerFile(path: string): Promise<Buffer>;
  /** Evaluates a bare Jinja expression for the host (debug's `var`); undefined when not defined. */
  evaluate(expression: string): JsonValue | undefined;
  /** Evaluates a condition as `when:` does (assert's `that`). */
  evaluateCondition(expression: string): boolean;
  /** -v count, for debug's `verbosity`. */
  verbosity: number;
  now(): Date;
  /**
   * True when the task's connection is the controller itself (delegate_to: localhost, or a host with
   * ansible_connection: local): modules that must keep their files on the controller (etcd_pki) check it.
   * Absent means not known to be the controller.
   */
  onController?: boolean;
}

/** The part of the context a pure plan may read. */
export type PlanContext = Pick<ModuleContext, 'check' | 'diff' | 'inventoryHostname' | 'hostFacts' | 'now' | 'verbosity'>;

/**
 * A module: its argument spec (the JSON Schema is derived from it), the facts it reads, and its plan.
 * `prepare` does the controller-side reading (a `src` file, a rendered template) before anything else.
 */
export interface ModuleDefinition<A, F, L> {
  name: ModuleName;
  prepare?(args: A, ctx: ModuleContext): Promise<L>;
  gather(args: A, local: L, ctx: PlanContext): FactQueries<F>;
  plan(args: A, facts: F, local: L, ctx: PlanContext): ModulePlan;
}
