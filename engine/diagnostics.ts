// One problem found in the user's input. Loading collects every diagnostic of every file and reports them
// together, so that one run shows all there is to fix, each with its position.
export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** A stable code, for example QUORUM_SCHEMA_UNKNOWN_KEY; documented, never reworded. */
  code: string;
  message: string;
  /** The file as the user named it (relative to the working directory where possible). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  col?: number;
  /** What would fix it, for example "did you mean 'when'?". */
  hint?: string;
}

/** `file:line:col: CODE: message (hint)`: the one format every command prints diagnostics in. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.col ? `:${d.col}` : ''}` : ''}: ` : '';
  const level = d.severity === 'warning' ? 'warning: ' : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where}${level}${d.code}: ${d.message}${hint}`;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, then position, so that the output reads top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0),
  );
}
