import { dirname, resolve } from 'node:path';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { type Inventory, loadInventory, selectHosts } from '../inventory/index.js';
import { loadExtraVars, loadPlaybook, type Playbook } from '../load/index.js';

// Loads everything a run (or a plan) needs before any host is touched, and refuses to start with any error:
// a run never begins on a partial picture of the inventory or the playbook.

export interface RunInputs {
  playbook: Playbook;
  inventory: Inventory;
  extraVars: Record<string, unknown>;
  /** Warnings found while loading, already formatted, for the caller to print. */
  warnings: string[];
}

export async function prepareRun(request: {
  playbook: string;
  inventory: readonly string[];
  extraVars: readonly string[];
  rolesPath: readonly string[];
  cwd?: string;
}): Promise<RunInputs> {
  const cwd = request.cwd ?? process.cwd();
  const extraVars = await loadExtraVars(request.extraVars, cwd);
  const diagnostics: Diagnostic[] = [];
  let inventory: Inventory | undefined;
  try {
    inventory = await loadInventory(request.inventory, { playbookDir: dirname(resolve(cwd, request.playbook)) });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    diagnostics.push(...error.diagnostics);
  }
  const loaded = await loadPlaybook(request.playbook, {
    cwd,
    rolesPath: request.rolesPath,
    ...(inventory ? { matchHosts: (pattern: string) => selectHosts(inventory, pattern) } : {}),
  });
  diagnostics.push(...loaded.diagnostics);
  if (hasErrors(diagnostics) || !inventory || !loaded.playbook) {
    throw new InputError(diagnostics.filter((d) => d.severity === 'error'));
  }
  return {
    playbook: loaded.playbook,
    inventory,
    extraVars: extraVars as Record<string, unknown>,
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(formatDiagnostic),
  };
}
