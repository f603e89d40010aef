// What `quorum check` does, apart from parsing options: load the inventory and the playbook, and gather
// the diagnostics of both into one report. An inventory that fails to load does not stop the playbook's
// check: its problems are reported with the playbook's, and only the hosts rule is skipped.
import { formatDiagnostic, hasErrors, type Diagnostic } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { loadInventory, selectHosts, type Inventory } from '../inventory/index.js';
import { dirname, resolve } from 'node:path';
import { loadExtraVars } from './extra-vars.js';
import { loadPlaybook } from './playbook.js';
import type { Playbook } from './types.js';

export interface CheckRequest {
  playbook: string;
  inventory: readonly string[];
  extraVars: readonly string[];
  rolesPath: readonly string[];
  cwd?: string;
}

export interface CheckOutcome {
  ok: boolean;
  /** One formatted diagnostic a line. */
  report: string[];
  /** A one-line summary when the playbook loaded. */
  summary?: string;
}

function countTasks(playbook: Playbook): number {
  const plays = playbook.plays.reduce((n, play) => n + play.preTasks.length + play.tasks.length + play.postTasks.length + play.handlers.length, 0);
  const roles = [...playbook.roles.values()].reduce((n, role) => n + role.tasks.length + role.handlers.length, 0);
  return plays + roles;
}

export async function runCheck(request: CheckRequest): Promise<CheckOutcome> {
  const cwd = request.cwd ?? process.cwd();
  // Extra vars are options: a bad one is a usage error (exit 5) and is thrown before anything else.
  await loadExtraVars(request.extraVars, cwd);
  const diagnostics: Diagnostic[] = [];
  let inventory: Inventory | undefined;
  try {
    inventory = await loadInventory(request.inventory, { playbookDir: dirname(resolve(cwd, request.playbook)) });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    diagnostics.push(...err.diagnostics);
  }
  const loaded = await loadPlaybook(request.playbook, {
    cwd,
    rolesPath: request.rolesPath,
    matchHosts: inventory ? (pattern) => selectHosts(inventory, pattern) : undefined,
  });
  diagnostics.push(...loaded.diagnostics);
  const ok = !hasErrors(diagnostics);
  const summary = loaded.playbook
    ? `${request.playbook}: ${loaded.playbook.plays.length} play(s), ${loaded.playbook.roles.size} role(s), ${countTasks(loaded.playbook)} task(s)${ok ? ': no problems found' : ''}`
    : undefined;
  return { ok, report: diagnostics.map(formatDiagnostic), summary };
}
