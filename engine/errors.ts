import { type Diagnostic, formatDiagnostic } from './diagnostics.js';
import { ExitCode } from './exit-codes.js';

// Every error quorum raises on purpose is a QuorumError with a stable code and the exit code it leads to.
// Anything else reaching the top level is a bug and exits 250 with its stack.
export class QuorumError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = ExitCode.error,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'QuorumError';
  }
}

/** The user's files could not be parsed or are not valid: exit 4, with every diagnostic. */
export class InputError extends QuorumError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(
      diagnostics[0]?.code ?? 'QUORUM_INPUT',
      diagnostics.map(formatDiagnostic).join('\n'),
      ExitCode.parserError,
    );
    this.name = 'InputError';
  }
}

/** Bad or incomplete command-line options: exit 5. */
export class UsageError extends QuorumError {
  constructor(message: string, hint?: string) {
    super('QUORUM_USAGE', message, ExitCode.badOptions, hint);
    this.name = 'UsageError';
  }
}
