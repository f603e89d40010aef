import type { JsonObject, JsonValue } from '../types.js';

// A module's arguments, declared the way Ansible's argument_spec declares them (type, required, default,
// choices, aliases, and the rules between arguments). Validation with Ansible's messages, the normalized
// typed arguments, and the JSON Schema the loader uses are all derived from this one declaration.

export type ArgType = 'str' | 'path' | 'bool' | 'int' | 'float' | 'raw' | 'list' | 'dict' | 'mode';

export interface ArgOption {
  readonly type: ArgType;
  readonly required?: boolean;
  readonly default?: JsonValue;
  readonly choices?: readonly string[];
  readonly aliases?: readonly string[];
  /** For lists: 'str' converts each element to a string; 'raw' keeps it. */
  readonly elements?: 'str' | 'raw';
}

/** [argument, value, arguments required when argument == value, true when any one of them is enough]. */
export type RequiredIf = readonly [string, JsonValue, readonly string[], boolean?];

export interface ArgSpec {
  readonly options: { readonly [name: string]: ArgOption };
  readonly mutuallyExclusive?: readonly (readonly string[])[];
  readonly requiredOneOf?: readonly (readonly string[])[];
  readonly requiredTogether?: readonly (readonly string[])[];
  readonly requiredIf?: readonly RequiredIf[];
  /** set_fact takes any variable names as its arguments. */
  readonly anyKeys?: boolean;
}

/** A file mode as written: an octal string ('0644'), a number (420, as YAML 1.1 reads 0644), or symbolic. */
export type ModeArg = string | number;

type ValueOf<O extends ArgOption> = O extends { readonly choices: readonly (infer C)[] }
  ? C
  : O['type'] extends 'bool'
    ? boolean
    : O['type'] extends 'int' | 'float'
      ? number
      : O['type'] extends 'list'
        ? O extends { readonly elements: 'raw' }
          ? JsonValue[]
          : string[]
        : O['type'] extends 'dict'
          ? JsonObject
          : O['type'] extends 'raw'
            ? JsonValue
            : O['type'] extends 'mode'
              ? ModeArg
              : string;

type AlwaysPresent<O> = O extends { readonly required: true } ? true : O extends { readonly default: JsonValue } ? true : false;

type Options<S extends ArgSpec> = S['options'];

/** The normalized arguments a module's plan receives: defaults filled, aliases resolved, types converted. */
export type ArgsOf<S extends ArgSpec> = {
  -readonly [K in keyof Options<S> as AlwaysPresent<Options<S>[K]> extends true ? K : never]: ValueOf<Options<S>[K]>;
} & {
  -readonly [K in keyof Options<S> as AlwaysPresent<Options<S>[K]> extends true ? never : K]?: ValueOf<Options<S>[K]>;
};
