// loadPlaybook: the one entry point that reads a playbook with all its roles and task files, and returns
// either the resolved Playbook or every diagnostic of every file at once: YAML and schema problems first,
// then the semantic ones (missing roles and files, undefined handlers, hosts that match nothing).
import { dirname, join, relative, resolve } from 'node:path';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { repoRoot } from '../paths.js';
import { undefinedHandlers } from './handlers-check.js';
import { readDocument, type LoadContext } from './load-context.js';
import { normalisePlay, type MatchHosts } from './normalize-play.js';
import { requireRole } from './roles.js';
import { createSchemaSet, type SchemaSet } from './schema-set.js';
import type { ModuleArgsChecker } from './module-args-check.js';
import type { Play, Playbook } from './types.js';
import { isMapping, list } from './written-values.js';

export interface LoadPlaybookOptions {
  /** The inventory's host matching; without it the "hosts matches nothing" rule is not checked. */
  matchHosts?: MatchHosts;
  /** The document validators to use; the generated ones when omitted. */
  schemas?: SchemaSet;
  /**
   * How module arguments are checked: the module registry's checks by default (loaded on first use);
   * `false` skips them (for tests of the loader alone).
   */
  checkModuleArgs?: ModuleArgsChecker | false;
  /** More role directories, searched after the playbook's roles/ and the quorum checkout's roles/. */
  rolesPath?: readonly string[];
  /** The directory file names in messages are relative to; the working directory by default. */
  cwd?: string;
}

export interface LoadPlaybookResult {
  /** Present when no diagnostic is an error. */
  playbook?: Playbook;
  /** Errors and warnings, structural ones first, each group in file and position order. */
  diagnostics: Diagnostic[];
}

/** The module registry's argument checks, imported only when a playbook is loaded. */
async function registryChecker(): Promise<ModuleArgsChecker> {
  const { checkModuleArgs } = await import('../modules/registry.js');
  return (module, args) => checkModuleArgs(module, { ...args });
}

/** File names in messages are relative to the working directory, as the user typed them. */
function displayRelativeTo(cwd: string): (path: string) => string {
  return (path) => relative(cwd, path) || '.';
}

/** Role search order: beside the playbook, the quorum checkout, roles_path, and last the playbook's own dir. */
export function roleSearchPath(playbookDir: string, rolesPath: readonly string[]): string[] {
  const dirs = [join(playbookDir, 'roles'), join(repoRoot, 'roles'), ...rolesPath.map((dir) => resolve(dir)), playbookDir];
  return [...new Set(dirs)];
}

function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const line = formatDiagnostic(d);
    if (seen.has(line)) return false;
    seen.add(line);
    return true;
  });
}

export async function loadPlaybook(playbookPath: string, options: LoadPlaybookOptions = {}): Promise<LoadPlaybookResult> {
  const path = resolve(options.cwd ?? process.cwd(), playbookPath);
  const playbookDir = dirname(path);
  const ctx: LoadContext = {
    schemas: options.schemas ?? createSchemaSet(),
    checkModuleArgs: options.checkModuleArgs === false ? undefined : (options.checkModuleArgs ?? (await registryChecker())),
    structural: [],
    semantic: [],
    display: displayRelativeTo(options.cwd ?? process.cwd()),
    playbookDir,
    roleSearchPath: roleSearchPath(playbookDir, options.rolesPath ?? []),
    roles: new Map(),
    unloadedHandlers: [],
    rolesInProgress: [],
    documents: new Map(),
    requireRole: (name, pos, tasksFrom) => requireRole(ctx, name, pos, tasksFrom),
  };
  const plays: Play[] = [];
  const source = await readDocument(ctx, path, 'playbook');
  if (source && source.value === null) {
    ctx.structural.push({ severity: 'error', code: 'QUORUM_PLAYBOOK_EMPTY', message: 'the playbook is empty', file: source.file, line: 1, col: 1, hint: 'add a play: `- hosts: etcd`' });
  }
  if (source) {
    for (const [index, written] of list(source.value).entries()) {
      if (isMapping(written)) plays.push(await normalisePlay(ctx, source, written, [index], options.matchHosts));
    }
  }
  ctx.semantic.push(...undefinedHandlers(plays, ctx.roles, ctx.unloadedHandlers));
  const diagnostics = [...unique(sortDiagnostics(ctx.structural)), ...unique(sortDiagnostics(ctx.semantic))];
  if (hasErrors(diagnostics) || !source) return { diagnostics };
  return { playbook: { path, dir: playbookDir, plays, roles: ctx.roles }, diagnostics };
}

/**
 * For commands that run a playbook (run, plan, apply): the playbook and its warnings, or an InputError
 * (exit 4) carrying every diagnostic, errors and warnings, in the order `quorum check` prints them.
 */
export async function loadPlaybookOrThrow(playbookPath: string, options: LoadPlaybookOptions = {}): Promise<{ playbook: Playbook; warnings: Diagnostic[] }> {
  const { playbook, diagnostics } = await loadPlaybook(playbookPath, options);
  if (!playbook) throw new InputError(diagnostics);
  return { playbook, warnings: diagnostics };
}
