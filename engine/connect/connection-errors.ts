import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

// The errors a connection raises besides UnreachableError (types.ts). All are a failure of this host (exit 2),
// not of the run: the other hosts go on.

/** The command was running when the connection dropped; whether it completed on the host is unknown. */
export class ConnectionDroppedError extends QuorumError {
  constructor(host: string, why: string) {
    super('QUORUM_CONNECTION_DROPPED', `${host}: the SSH connection dropped while a command ran (${why}); its outcome on the host is unknown`, ExitCode.hostFailed, 'the connection is re-opened once for the next command');
    this.name = 'ConnectionDroppedError';
  }
}

/** sudo wanted a password that was not given, or refused the one given. */
export class BecomeError extends QuorumError {
  constructor(host: string, message: string, hint: string) {
    super('QUORUM_BECOME', `${host}: ${message}`, ExitCode.hostFailed, hint);
    this.name = 'BecomeError';
  }
}

/** A file operation failed on the host; the message carries the command's rc and stderr. */
export class RemoteFileError extends QuorumError {
  constructor(host: string, message: string) {
    super('QUORUM_REMOTE_FILE', `${host}: ${message}`, ExitCode.hostFailed);
    this.name = 'RemoteFileError';
  }
}
