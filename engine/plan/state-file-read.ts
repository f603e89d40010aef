// The one piece of file I/O of the planner's inputs: reading a captured state from disk.
import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { ClusterState } from './cluster-state.js';
import { parseClusterStateText } from './state-file.js';

export async function loadClusterStateFile(file: string): Promise<ClusterState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
    throw new InputError([
      {
        severity: 'error',
        code: 'QUORUM_STATE_FILE_UNREADABLE',
        message: `cannot read the cluster state file (${reason})`,
        file,
        hint: 'capture it with etcdctl member list -w json and etcdctl endpoint status --cluster -w json',
      },
    ]);
  }
  return parseClusterStateText(text, file);
}
