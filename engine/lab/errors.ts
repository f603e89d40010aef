import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

// The lab's error codes. Stable: scripts and docs refer to them.
export const LabErrorCode = {
  prerequisite: 'QUORUM_LAB_PREREQUISITE',
  dir: 'QUORUM_LAB_DIR',
  state: 'QUORUM_LAB_STATE',
  host: 'QUORUM_LAB_HOST',
  loginUser: 'QUORUM_LAB_LOGIN_USER',
  archive: 'QUORUM_LAB_ARCHIVE',
  missing: 'QUORUM_LAB_MISSING',
} as const;

export type LabErrorCode = (typeof LabErrorCode)[keyof typeof LabErrorCode];

/** Something the lab could not do on this machine: exit 1, with what would fix it as the hint. */
export class LabError extends QuorumError {
  constructor(code: LabErrorCode, message: string, hint?: string) {
    super(code, message, ExitCode.error, hint);
    this.name = 'LabError';
  }
}
