// loadPlaybook: the one entry point that reads a playbook with all its roles and task files, and returns
// either the resolved Playbook or every diagnostic of every file at once: YAML and schema problems first,
// then the semantic ones (missing roles and files, undefined handlers, hosts that match nothing).
import { dirname, resolve } from 'node:path';
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { undefinedHandlers } from './handlers-check.js';
import { readDocument } from './load-context.js';
import { newLoadContext } from './new-context.js';
import type { MatchHosts } from './normalize-play.js';
import { loadPlaybookEntries, type EntriesLoad } from './playbook-entries.js';
import { createSchemaSet, type SchemaSet } from './schema-set.js';
import type { ModuleArgsChecker } from './module-args-check.js';
import type { Play, Playbook } from './types.js';

export { roleSearchPath } from './new-context.js';

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
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, playbookPath);
  const playbookDir = dirname(path);
  const ctx = newLoadContext({
    schemas: options.schemas ?? createSchemaSet(),
    checkModuleArgs: options.checkModuleArgs === false ? undefined : (options.checkModuleArgs ?? (await registryChecker())),
    playbookDir,
    rolesPath: options.rolesPath ?? [],
    cwd,
  });
  const load: EntriesLoad = { ctx, matchHosts: options.matchHosts, imports: [] };
  const source = await readDocument(ctx, path, 'playbook');
  if (source && source.value === null) {
    ctx.structural.push({ severity: 'error', code: 'QUORUM_PLAYBOOK_EMPTY', message: 'the playbook is empty', file: source.file, line: 1, col: 1, hint: 'add a play: `- hosts: etcd`' });
  }
  const plays: Play[] = source ? await loadPlaybookEntries(load, source, [path]) : [];
  ctx.semantic.push(...undefinedHandlers(plays, ctx.roles, ctx.unloadedHandlers));
  const diagnostics = [...unique(sortDiagnostics(ctx.structural)), ...unique(sortDiagnostics(ctx.semantic))];
  if (hasErrors(diagnostics) || !source) return { diagnostics };
  return { playbook: { path, dir: playbookDir, plays, roles: ctx.roles, imports: load.imports }, diagnostics };
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
