// The RESOLVED playbook the executor and the planner consume: every node checked, normalised (module names
// short, free-form arguments split, `when` always a list, `hosts` always one pattern) and carrying the source
// position it came from, so that a failure at run time can still point at the line that caused it.
// The shapes as the user WROTE them are defined by the JSON Schemas (schemas/*.ts) and read only by the
// normalisers, through written-values.ts: the loader goes on past a schema error to report every problem in
// one pass, so it reads written values defensively instead of trusting a static type.
// Templates ("{{ }}") are kept as written: they are evaluated per host, later.
import type { ModuleName } from '../modules/names.js';

export interface SourcePosition {
  /** The file as the user named it (relative to the working directory where possible). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

/** Any value a YAML file can hold, once parsed: what variables and module arguments are made of. */
export type YamlValue = string | number | boolean | null | YamlValue[] | YamlMapping;
export interface YamlMapping {
  [key: string]: YamlValue;
}

/** Variables as written in `vars:`, a vars file, role defaults or role vars; values are templated lazily. */
export type Vars = YamlMapping;

/** A module's arguments, checked against that module's own schema; the module narrows them to its type. */
export type ModuleArgs = YamlMapping;

/** A bare Jinja expression (no braces) or a literal boolean, as `when`, `changed_when`, `failed_when`, `until`. */
export type Condition = string | boolean;

/** A keyword whose value may be a literal or a template evaluated per host. */
export type Templatable<T> = T | string;

/** Keywords that tasks, blocks, roles and plays share; all optional, inherited from the enclosing node. */
export interface CommonKeywords {
  become?: Templatable<boolean>;
  becomeUser?: string;
  ignoreErrors?: Templatable<boolean>;
  checkMode?: Templatable<boolean>;
  diff?: Templatable<boolean>;
  noLog?: Templatable<boolean>;
  runOnce?: Templatable<boolean>;
  delegateTo?: string;
  /** A mapping of variable names to values, or one template yielding such a mapping. */
  environment?: YamlMapping | string;
  tags: string[];
  /** ANDed; empty means always. */
  when: Condition[];
  vars: Vars;
}

export interface LoopControl {
  loopVar?: string;
  indexVar?: string;
  label?: string;
  pause?: number | string;
  extended?: Templatable<boolean>;
}

interface TaskBase extends CommonKeywords {
  name?: string;
  pos: SourcePosition;
}

/** A task that runs one module. */
export interface ModuleTask extends TaskBase {
  kind: 'module';
  module: ModuleName;
  /** The module key as written (for example `ansible.builtin.copy`), for messages. */
  moduleKeyAsWritten: string;
  args: ModuleArgs;
  register?: string;
  /** `loop:` or `with_items:` (the latter flattened one level at run time, as Ansible does). */
  loop?: { source: 'loop' | 'with_items'; items: YamlValue[] | string };
  loopControl?: LoopControl;
  until?: Condition[];
  retries?: number | string;
  delay?: number | string;
  notify: string[];
  changedWhen?: Condition[];
  failedWhen?: Condition[];
}

export interface BlockTask extends TaskBase {
  kind: 'block';
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
}

/** `import_tasks` (static) or `include_tasks` (dynamic). A literal path is loaded and checked at load time. */
export interface TasksFileTask extends TaskBase {
  kind: 'import_tasks' | 'include_tasks';
  /** As written; may be a template for include_tasks. */
  file: string;
  /** The tasks of that file when its path is literal; undefined when it is a template (resolved at run time). */
  tasks?: TaskNode[];
  /** Absolute directories a relative path is tried in, in order (the including file's first), for run time. */
  searchDirs: string[];
  /** include_tasks' `apply`: keywords given to every task the include runs (Ansible wraps them in a block). */
  apply?: Partial<CommonKeywords>;
  loop?: { source: 'loop' | 'with_items'; items: YamlValue[] | string };
  loopControl?: LoopControl;
}

/** `import_role` (static) or `include_role` (dynamic); the role itself is in Playbook.roles. */
export interface RoleTask extends TaskBase {
  kind: 'import_role' | 'include_role';
  role: string;
  tasksFrom?: string;
  handlersFrom?: string;
  defaultsFrom?: string;
  varsFrom?: string;
  public?: Templatable<boolean>;
  /** include_role's `apply`: keywords given to every task of the role the include runs. */
  apply?: Partial<CommonKeywords>;
  loop?: { source: 'loop' | 'with_items'; items: YamlValue[] | string };
  loopControl?: LoopControl;
}

export type TaskNode = ModuleTask | BlockTask | TasksFileTask | RoleTask;

/** A handler: a task that runs once at the end of its section when notified by its name or a `listen` topic. */
export type Handler = TaskNode & { listen: string[] };

/** A role named in `roles:` or in a role's `meta/main.yml` dependencies. */
export interface RoleReference {
  role: string;
  /** Role parameters: every key of `{role: x, ...}` that is not a keyword, plus `vars:`. */
  params: Vars;
  tags: string[];
  when: Condition[];
  become?: Templatable<boolean>;
  becomeUser?: string;
  pos: SourcePosition;
}

export interface Role {
  name: string;
  /** Absolute path of the role's directory. */
  path: string;
  defaults: Vars;
  vars: Vars;
  tasks: TaskNode[];
  /** Other task files of the role named by `tasks_from` (as written), loaded when a task asks for them. */
  taskFiles: Map<string, TaskNode[]>;
  handlers: Handler[];
  /** Absolute paths, present when the role has these directories (module `src` lookups start there). */
  filesDir?: string;
  templatesDir?: string;
  dependencies: RoleReference[];
}

/** One entry of a play's `serial`: a count or a percentage such as "30%". */
export type SerialStep = number | string;

export type RollingMembers = 'all' | 'joining';

/** How a rolling play keeps quorum: which group forms the cluster(s) and how cautiously to roll. */
export interface Rolling {
  /** The inventory group whose hosts are the cluster's members. */
  cluster: string;
  /** A host variable naming the cluster each host belongs to, when the group holds a fleet of clusters. */
  clusterVar?: string;
  /** At most this many voters down at once; the quorum rules may lower it, never raise it. */
  maxUnavailable?: number;
  /**
   * Which of the play's hosts the rolling play acts on: `all`, or `joining`: only those that are not voting
   * members yet (not in the member list, or learners), decided from the live state; the others run nothing.
   */
  members: RollingMembers;
  gate: HealthGate;
  /** Where `rolling:` was written, for the planner's messages. */
  pos: SourcePosition;
}

export interface HealthGate {
  /** Healthy checks in a row a batch needs before the next batch starts. */
  checks: number;
  /** Seconds between checks. */
  interval: number;
  /** Seconds before the gate fails and the run halts. */
  timeout: number;
}

export const defaultHealthGate: HealthGate = { checks: 3, interval: 1, timeout: 120 };

export interface VarsFile {
  /** As written; may be a template. */
  file: string;
  /** The variables, when the path is literal and the file was read at load time. */
  vars?: Vars;
  /** Where the entry was written in `vars_files:`. */
  pos: SourcePosition;
}

export interface Play extends Omit<CommonKeywords, 'when' | 'delegateTo' | 'runOnce' | 'diff' | 'noLog'> {
  name?: string;
  /** One host pattern; a list in the playbook is joined with ',' as Ansible does. */
  hosts: string;
  varsFiles: VarsFile[];
  roles: RoleReference[];
  preTasks: TaskNode[];
  tasks: TaskNode[];
  postTasks: TaskNode[];
  handlers: Handler[];
  /** Empty: the whole play at once (or as `rolling` decides). */
  serial: SerialStep[];
  maxFailPercentage?: number | string;
  anyErrorsFatal?: Templatable<boolean>;
  gatherFacts?: Templatable<boolean>;
  forceHandlers?: Templatable<boolean>;
  strategy: 'linear';
  /** Module name (short) to default arguments. */
  moduleDefaults: Partial<Record<ModuleName, ModuleArgs>>;
  rolling?: Rolling;
  pos: SourcePosition;
  /**
   * Absolute path of the directory of the playbook file that holds the play (an imported playbook's own):
   * `playbook_dir`, and where its files/, templates/, vars files and task files are found, as in Ansible.
   */
  dir: string;
  /**
   * The `when` of the import_playbook entries that pulled the play in, outermost first: applied to fact
   * gathering and every task of pre_tasks, roles, tasks and post_tasks (not to handlers), as Ansible does.
   */
  importWhen: Condition[];
}

export interface Playbook {
  /** Absolute path of the playbook file. */
  path: string;
  /** Absolute path of its directory: `playbook_dir`, and where `roles/` is searched first. */
  dir: string;
  plays: Play[];
  /** Every role the playbook uses, directly or as a dependency, by name. */
  roles: ReadonlyMap<string, Role>;
  /** Absolute paths of the playbooks it imports (import_playbook), at any depth, in the order they load. */
  imports: string[];
}
