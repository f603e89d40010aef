// The validators of every document kind, generated ahead of time (schemas/generate.ts explains why and what
// it saved), and the translation of their errors into diagnostics. Module arguments are checked elsewhere
// (module-args-check.ts), by the modules' own checks.
import type { ErrorObject } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import * as validators from './generated/validators.js';
import type { DocumentKind } from './schemas/index.js';
import { isUnsupportedAnsibleKey, schemaErrorToDiagnostic } from './schema-diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import type { YamlSource } from './yaml-file.js';

export type { DocumentKind };

export interface SchemaSet {
  /** Every schema problem of the whole document, in document order. */
  validateDocument(kind: DocumentKind, source: YamlSource): Diagnostic[];
}

/** What each generated validator is: ajv's validate function, with `errors` set after a failed call. */
type GeneratedValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** The validators of one run: plain functions generated ahead of time (generated/validators.ts). */
export function createSchemaSet(): SchemaSet {
  return {
    validateDocument(kind, source) {
      const validate: GeneratedValidator = validators[kind];
      if (validate(source.value)) return [];
      return toDiagnostics(validate.errors ?? [], source);
    },
  };
}

/**
 * `hots: etcd` is one mistake, not two: when an unknown key is a near miss of a required key missing from the
 * same mapping, the unknown-key message (with its "did you mean 'hosts'?") says it all. The same holds for an
 * Ansible feature quorum lacks (`- vars_prompt: ...` in place of a play has no `hosts` either).
 */
function isExplainedByTypo(error: ErrorObject, errors: readonly ErrorObject[]): boolean {
  if (error.keyword !== 'required') return false;
  const missing = String(error.params.missingProperty);
  return errors.some((other) => {
    if (other.keyword !== 'additionalProperties' || other.instancePath !== error.instancePath) return false;
    const unknown = String(other.params.additionalProperty);
    return closestMatch(unknown, [missing]) === missing || isUnsupportedAnsibleKey(unknown);
  });
}

function toDiagnostics(errors: readonly ErrorObject[], source: YamlSource): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const error of errors) {
    if (isExplainedByTypo(error, errors)) continue;
    const diagnostic = schemaErrorToDiagnostic(error, source);
    if (!diagnostic) continue;
    const key = `${diagnostic.line}:${diagnostic.col}:${diagnostic.code}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(diagnostic);
  }
  return out;
}
