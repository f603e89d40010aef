// Every templating failure becomes one TemplateError: a QuorumError with a stable code and a Diagnostic that
// names the file and line (of the task, or of the template file), what was being templated, and a hint.
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';
import { QuorumError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

export const TemplateErrorCode = {
  undefinedVariable: 'QUORUM_TEMPLATE_UNDEFINED',
  syntax: 'QUORUM_TEMPLATE_SYNTAX',
  failed: 'QUORUM_TEMPLATE_ERROR',
  recursion: 'QUORUM_TEMPLATE_RECURSION',
} as const;

export type TemplateErrorCode = (typeof TemplateErrorCode)[keyof typeof TemplateErrorCode];

/** Where a template came from, as far as the caller knows it. */
export interface TemplateOrigin {
  /** The playbook, role or template file, as the user named it. */
  readonly file?: string;
  /** 1-based line of the task (or of the template file's line, for template files). */
  readonly line?: number;
  readonly col?: number;
  /** What was being templated, for the message: "when condition", "argument 'cmd'", "variable 'x'". */
  readonly what?: string;
}

export interface TemplateErrorDetails {
  readonly code: TemplateErrorCode;
  /** The failure itself, in Jinja's words where there are some ("'foo' is undefined"). */
  readonly reason: string;
  readonly origin: TemplateOrigin;
  /** The template text, quoted in the message when it is short. */
  readonly source?: string;
  /** 1-based line inside the template text, when the template spans lines. */
  readonly templateLine?: number;
  readonly hint?: string;
  /** Lazy variables being templated when it failed, outermost first. */
  readonly variables?: readonly string[];
}

const QUOTED_SOURCE_LIMIT = 120;

function describe(details: TemplateErrorDetails): string {
  const parts = [details.reason];
  const what = details.origin.what;
  const quoted = details.source !== undefined && details.source.length <= QUOTED_SOURCE_LIMIT && !details.source.includes('\n');
  if (what && quoted) parts.push(`in ${what} ${JSON.stringify(details.source)}`);
  else if (what) parts.push(`in ${what}`);
  else if (quoted) parts.push(`in ${JSON.stringify(details.source)}`);
  if (details.templateLine !== undefined && details.templateLine > 1 && !details.origin.file) {
    parts.push(`at line ${details.templateLine} of the template`);
  }
  if (details.variables?.length) {
    const chain = details.variables.map((name) => `'${name}'`).join(' -> ');
    parts.push(`while templating variable ${chain}`);
  }
  return parts.join(' ');
}

export class TemplateError extends QuorumError {
  readonly diagnostic: Diagnostic;

  constructor(readonly details: TemplateErrorDetails) {
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: details.code,
      message: describe(details),
      file: details.origin.file,
      line: details.origin.line,
      col: details.origin.col,
      hint: details.hint,
    };
    // A template that fails fails its task on that host, as in Ansible: exit 2 unless the executor decides otherwise.
    super(details.code, formatDiagnostic(diagnostic), ExitCode.hostFailed, details.hint);
    this.name = 'TemplateError';
    this.diagnostic = diagnostic;
  }

  /** The same failure, seen from inside lazy variable `name` (which the outer template was reading). */
  insideVariable(name: string): TemplateError {
    return new TemplateError({ ...this.details, variables: [name, ...(this.details.variables ?? [])] });
  }

  /** The same failure, placed at the outer template when the inner one had no position of its own. */
  placedAt(origin: TemplateOrigin, source: string): TemplateError {
    if (this.details.origin.file) return this;
    return new TemplateError({ ...this.details, origin, source, templateLine: undefined });
  }
}
