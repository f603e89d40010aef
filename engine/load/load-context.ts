// The state of ONE load: where diagnostics collect, which files and roles were already read. Created per
// call of loadPlaybook and passed down explicitly, so that loads never share anything.
import { existsSync, statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';
import type { Role, SourcePosition } from './types.js';
import type { DocumentKind, SchemaSet } from './schema-set.js';
import type { ModuleArgsChecker } from './module-args-check.js';
import { readYamlFile, type YamlSource } from './yaml-file.js';

export interface LoadContext {
  schemas: SchemaSet;
  /** The modules' own argument checks; undefined skips them. */
  checkModuleArgs?: ModuleArgsChecker;
  /** YAML and schema problems, and problems of a task's own shape: reported first. */
  structural: Diagnostic[];
  /** Problems found across nodes and files (missing roles, handlers, hosts): reported after. */
  semantic: Diagnostic[];
  /** How a file's absolute path appears in messages. */
  display: (absolutePath: string) => string;
  playbookDir: string;
  /** Directories searched for roles, in order. */
  roleSearchPath: readonly string[];
  roles: Map<string, Role>;
  /** Names and listen topics of handlers that could not be loaded (their problem is already reported). */
  unloadedHandlers: string[];
  /** Roles being loaded right now, to report a dependency cycle instead of recursing forever. */
  rolesInProgress: string[];
  documents: Map<string, Promise<YamlSource | undefined>>;
  /**
   * Where group_by tasks were loaded: a later play's `hosts` that matches no host yet may match a group one of
   * them creates at run time. Shared by the whole load (imports included), filled as tasks are read.
   */
  groupByTasks: SourcePosition[];
  /** roles_path as given, for the role search path of an imported playbook's directory. */
  rolesPath: readonly string[];
  /**
   * Finds and loads a role (once), with `tasks/<tasksFrom>` when given; reports a missing role at `pos`.
   * Lives here because tasks name roles (include_role) and roles hold tasks: the context breaks the cycle.
   */
  requireRole(name: string, pos: SourcePosition, tasksFrom?: string): Promise<Role | undefined>;
}

/**
 * Reads, parses and schema-checks a document once per load; its problems go to the structural list.
 * Undefined when it could not be parsed; a schema-invalid document is still returned, so that the rest of
 * it is checked too.
 */
export function readDocument(ctx: LoadContext, absolutePath: string, kind: DocumentKind): Promise<YamlSource | undefined> {
  const key = `${kind}:${absolutePath}`;
  let pending = ctx.documents.get(key);
  if (!pending) {
    pending = (async () => {
      const { source, diagnostics } = await readYamlFile(absolutePath, ctx.display(absolutePath));
      ctx.structural.push(...diagnostics);
      if (source) ctx.structural.push(...ctx.schemas.validateDocument(kind, source));
      return source;
    })();
    ctx.documents.set(key, pending);
  }
  return pending;
}

export function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** True when a string holds a Jinja template, which only the executor can resolve, per host. */
export function isTemplated(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}
