// The validators of every document kind, and of module arguments. Document validators are generated ahead of
// time (schemas/generate.ts explains why and what it saved); a command creates one set and hands it on.
import type { ErrorObject, SchemaObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics.js';
import type { ModuleName } from '../modules/names.js';
import * as validators from './generated/validators.js';
import type { DocumentKind } from './schemas/index.js';
import { ajvOptions } from './schemas/generate-options.js';
import { schemaErrorToDiagnostic } from './schema-diagnostics.js';
import { closestMatch } from './did-you-mean.js';
import type { PathSegment, YamlSource } from './yaml-file.js';
import { positionOf } from './yaml-file.js';

export type { DocumentKind };

/** Where module argument schemas come from: the module registry, once it exists (a seam for tests too). */
export type ModuleArgSchemaLookup = (module: ModuleName) => SchemaObject | undefined;

export interface SchemaSet {
  /** Every schema problem of the whole document, in document order. */
  validateDocument(kind: DocumentKind, source: YamlSource): Diagnostic[];
  /**
   * Checks a task's module arguments (already merged from free-form text and `args:`) against the module's
   * schema; positions point into the task at `argsPath` as far as the written YAML goes.
   */
  validateModuleArgs(module: ModuleName, args: unknown, source: YamlSource, argsPath: readonly PathSegment[]): Diagnostic[];
}

/** What each generated validator is: ajv's ValidateFunction, with `errors` set after a failed call. */
type GeneratedValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/**
 * The validators of one run. Document schemas are precompiled (generated/validators.ts); module argument
 * schemas come from the module registry at run time, so ajv is loaded, and each module's schema compiled on
 * first use, only when a lookup is given.
 */
export async function createSchemaSet(moduleArgSchema?: ModuleArgSchemaLookup): Promise<SchemaSet> {
  const compileModuleSchema = moduleArgSchema ? await moduleSchemaCompiler() : undefined;
  const moduleValidators = new Map<ModuleName, ValidateFunction | undefined>();

  function moduleValidator(module: ModuleName): ValidateFunction | undefined {
    if (!compileModuleSchema || !moduleArgSchema) return undefined;
    if (!moduleValidators.has(module)) {
      const schema = moduleArgSchema(module);
      moduleValidators.set(module, schema ? compileModuleSchema(schema) : undefined);
    }
    return moduleValidators.get(module);
  }

  return {
    validateDocument(kind, source) {
      const validate: GeneratedValidator = validators[kind];
      if (validate(source.value)) return [];
      return toDiagnostics(validate.errors ?? [], source);
    },
    validateModuleArgs(module, args, source, argsPath) {
      const validate = moduleValidator(module);
      if (!validate || validate(args)) return [];
      return (validate.errors ?? []).map((error) => moduleArgDiagnostic(module, error, source, argsPath));
    },
  };
}

// Module schemas belong to another part of quorum and may be strict in ways of their own: compile them in a
// lenient instance of their own.
async function moduleSchemaCompiler(): Promise<(schema: SchemaObject) => ValidateFunction> {
  const { Ajv } = await import('ajv');
  const ajv = new Ajv({ ...ajvOptions, strict: false });
  return (schema) => ajv.compile(schema);
}

/**
 * `hots: etcd` is one mistake, not two: when an unknown key is a near miss of a required key missing from the
 * same mapping, the unknown-key message (with its "did you mean 'hosts'?") says it all.
 */
function isExplainedByTypo(error: ErrorObject, errors: readonly ErrorObject[]): boolean {
  if (error.keyword !== 'required') return false;
  const missing = String(error.params.missingProperty);
  return errors.some(
    (other) =>
      other.keyword === 'additionalProperties' &&
      other.instancePath === error.instancePath &&
      closestMatch(String(other.params.additionalProperty), [missing]) === missing,
  );
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

function moduleArgDiagnostic(module: ModuleName, error: ErrorObject, source: YamlSource, argsPath: readonly PathSegment[]): Diagnostic {
  const inner = error.instancePath === '' ? [] : error.instancePath.slice(1).split('/');
  const extra = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
  const required = error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
  const where = extra ? [...argsPath, ...inner, extra] : [...argsPath, ...inner];
  const argument = extra ?? inner[inner.length - 1];
  const message = extra
    ? `module '${module}' has no argument '${extra}'`
    : required
      ? `module '${module}' needs the argument '${required}'`
      : `argument '${argument ?? ''}' of module '${module}' ${error.message ?? 'is not valid'}`;
  return {
    severity: 'error',
    code: 'QUORUM_MODULE_ARGS',
    message,
    ...positionOf(source, where, extra ? 'key' : 'value'),
  };
}
