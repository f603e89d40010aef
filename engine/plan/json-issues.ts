// Turns the issues found in a JSON file into diagnostics with file, line and column, and JSON syntax errors
// into one diagnostic at the position the parser stopped.
import type { Diagnostic } from '../diagnostics.js';
import { formatJsonPath, type JsonIssue } from './json-fields.js';
import { locateJsonPath, positionOfOffset } from './json-position.js';

export function issuesToDiagnostics(text: string, file: string, code: string, issues: readonly JsonIssue[]): Diagnostic[] {
  return issues.map((issue): Diagnostic => {
    const position = locateJsonPath(text, issue.path);
    return {
      severity: 'error',
      code,
      message: `${formatJsonPath(issue.path)}: ${issue.message}`,
      file,
      line: position?.line,
      col: position?.col,
      hint: issue.hint,
    };
  });
}

export function syntaxDiagnostic(text: string, file: string, code: string, err: unknown, hint: string): Diagnostic {
  const message = err instanceof Error ? err.message : String(err);
  const offset = /at position (\d+)/.exec(message)?.[1];
  const position = offset === undefined ? undefined : positionOfOffset(text, Number(offset));
  // A file cut short (a copy or a write that stopped half way) reads to its end and no further.
  const truncated = /reached end of input|Unexpected end of JSON/i.test(message);
  return {
    severity: 'error',
    code,
    message: truncated ? 'not valid JSON: the file ends in the middle of the document (truncated?)' : `not valid JSON: ${message.replace(/ at position \d+$/, '')}`,
    file,
    line: position?.line,
    col: position?.col,
    hint,
  };
}
