import { readFile } from 'node:fs/promises';
import { InputError, QuorumError, UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { checkPlanSeal } from '../plan/plan-seal.js';
import { parseSavedPlan } from '../plan/saved-plan-file.js';
import type { SavedPlan } from '../plan/saved-plan.js';

// The plan file `quorum apply` was given, read before anything else: a file that is missing says so (exit 5), one
// that is not a whole JSON plan says where it stops making sense (exit 4), and one whose content no longer matches
// the digest `quorum plan -o` sealed it with was edited by hand (QUORUM_PLAN_MODIFIED, exit 4): that is not
// "stale", which means the cluster or the inputs moved on since the plan.

export interface PlanFile {
  path: string;
  text: string;
  saved: SavedPlan;
}

/** The saved plan was changed after `quorum plan -o` wrote it. */
export class PlanModifiedError extends QuorumError {
  constructor(readonly file: string) {
    super(
      'QUORUM_PLAN_MODIFIED',
      `${file}: QUORUM_PLAN_MODIFIED: the plan file was edited after \`quorum plan -o\` wrote it (its content no longer matches its sha256)`,
      ExitCode.parserError,
      'apply only a plan as it was reviewed: make it again with quorum plan -o FILE (and review that one)',
    );
    this.name = 'PlanModifiedError';
  }
}

export async function readPlanFile(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a plan file' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new UsageError(`${path}: cannot read the plan file: ${why}`, 'give the file `quorum plan -o FILE` wrote');
  }
  if (text.trim() === '') {
    throw new InputError([{ severity: 'error', code: 'QUORUM_PLAN_FILE_SYNTAX', message: 'the plan file is empty', file: path, line: 1, col: 1, hint: 'make it again with quorum plan -o FILE' }]);
  }
  const seal = checkPlanSeal(text);
  if (seal.sealed && !seal.intact) throw new PlanModifiedError(path);
  // A file cut short loses its seal with its end: parse it to say where it stops.
  return { path, text, saved: parseSavedPlan(text, path) };
}
