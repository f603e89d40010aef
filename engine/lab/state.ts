import { readFile } from 'node:fs/promises';
import { LabError, LabErrorCode } from './errors.js';
import type { ExistingLabShape } from './settings.js';
import { writeFileAtomic } from './write-file-atomic.js';

/** `<dir>/lab.json`: what `up` made, so that a later up, status or down knows the lab without guessing. */
export interface LabState extends ExistingLabShape {
  /** Bumped when the layout changes incompatibly. */
  format: 1;
  user: string;
  /** The etcd version the lab's inventories deploy; absent in labs made before it was recorded. */
  etcdVersion?: string;
}

function isLabState(value: unknown): value is LabState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LabState>;
  return (
    v.format === 1 &&
    typeof v.addressBlock === 'string' &&
    typeof v.namePrefix === 'string' &&
    typeof v.port === 'number' &&
    typeof v.hostCount === 'number' &&
    typeof v.user === 'string' &&
    (v.etcdVersion === undefined || typeof v.etcdVersion === 'string')
  );
}

/** The lab's state, or undefined when the directory holds no lab. A damaged file is an error naming it. */
export async function readLabState(stateFile: string): Promise<LabState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new LabError(
      LabErrorCode.state,
      `${stateFile}: not valid JSON (${(err as Error).message})`,
      'run `quorum lab down` on that directory and `up` again',
    );
  }
  if (!isLabState(parsed)) {
    throw new LabError(
      LabErrorCode.state,
      `${stateFile}: not a quorum lab state file (format 1 with addressBlock, namePrefix, port, hostCount, user)`,
      'run `quorum lab down` on that directory and `up` again',
    );
  }
  return parsed;
}

export async function writeLabState(stateFile: string, state: LabState): Promise<void> {
  await writeFileAtomic(stateFile, `${JSON.stringify(state, null, 2)}\n`, 0o644);
}
