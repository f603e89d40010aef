import type { ModuleName } from './names.js';
import { checkArgs, type ArgProblem } from './args/validate.js';
import { argSpecToJsonSchema } from './args/json-schema.js';
import type { ArgSpec, ArgsOf } from './args/spec.js';
import type { FactOutput, JsonObject, ModuleContext, ModuleDefinition, ModulePlan } from './types.js';

// Ties a module's spec to its typed gather/plan and gives the registry one uniform shape: the runner sees
// named shell queries and a plan waiting for their output, whatever the module's own fact types are.

export interface NamedQuery {
  name: string;
  command: string;
}

/** A task on its way: the facts it still needs, and the pure plan to compute once they are in. */
export interface PendingPlan {
  queries: NamedQuery[];
  plan(outputs: ReadonlyMap<string, FactOutput>): ModulePlan;
}

export interface Module {
  readonly name: ModuleName;
  readonly spec: ArgSpec;
  /** The JSON Schema of the module's arguments (what the loader validates tasks with). */
  readonly schema: JsonObject;
  check(raw: JsonObject): { args: JsonObject; problems: ArgProblem[] };
  /** Reads controller-side inputs and returns the queries to run on the host; `args` must have passed check. */
  start(args: JsonObject, ctx: ModuleContext): Promise<PendingPlan>;
}

export interface TypedModule<S extends ArgSpec, F, L> extends Module {
  readonly spec: S;
  readonly definition: ModuleDefinition<ArgsOf<S>, F, L>;
  /** Normalized, typed arguments, or an Error naming every problem (for tests and callers that hold raw args). */
  normalize(raw: JsonObject): ArgsOf<S>;
}

export function defineModule<const S extends ArgSpec, F, L = undefined>(
  spec: S,
  definition: ModuleDefinition<ArgsOf<S>, F, L>,
): TypedModule<S, F, L> {
  const check = (raw: JsonObject) => checkArgs(definition.name, spec, raw);
  return {
    name: definition.name,
    spec,
    schema: argSpecToJsonSchema(spec),
    definition,
    check,
    normalize(raw) {
      const { args, problems } = check(raw);
      if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
      // checkArgs has converted every value to its declared type and filled the defaults, which is ArgsOf<S>.
      return args as ArgsOf<S>;
    },
    async start(rawArgs, ctx) {
      const args = rawArgs as ArgsOf<S>;
      const local = (definition.prepare ? await definition.prepare(args, ctx) : undefined) as L;
      const queries = definition.gather(args, local, ctx);
      const names = Object.keys(queries) as (keyof F & string)[];
      return {
        queries: names.map((name) => ({ name, command: queries[name].command })),
        plan(outputs) {
          const facts = {} as F;
          for (const name of names) {
            const output = outputs.get(name) ?? { stdout: '', rc: 127 };
            facts[name] = queries[name].parse(output);
          }
          return definition.plan(args, facts, local, ctx);
        },
      };
    },
  };
}
