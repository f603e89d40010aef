import type { JsonObject } from '../types.js';
import { convertArg } from './convert.js';
import type { ArgSpec } from './spec.js';

// Checks a task's arguments against a module's spec in the order Ansible does (aliases, unsupported names,
// mutually exclusive, required, types and choices, defaults, conditional requirements), with Ansible's
// messages, and returns the normalized arguments the module's plan receives.

export interface ArgProblem {
  /** The argument the problem is about, as the user wrote it, when there is one (for the loader's position). */
  key?: string;
  message: string;
}

export interface ArgCheck {
  args: JsonObject;
  problems: ArgProblem[];
}

function isGiven(args: JsonObject, name: string): boolean {
  return args[name] !== undefined && args[name] !== null;
}

function resolveAliases(moduleName: string, spec: ArgSpec, raw: JsonObject, problems: ArgProblem[]): JsonObject {
  const canonicalOf = new Map<string, string>();
  for (const [name, option] of Object.entries(spec.options)) {
    canonicalOf.set(name, name);
    for (const alias of option.aliases ?? []) canonicalOf.set(alias, name);
  }
  const args: JsonObject = {};
  const unsupported: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const canonical = canonicalOf.get(key) ?? (spec.anyKeys ? key : undefined);
    if (canonical === undefined) {
      unsupported.push(key);
      continue;
    }
    if (canonical !== key && canonical in raw) {
      problems.push({ key, message: `Both option ${canonical} and its alias ${key} are set; keep one of them` });
      continue;
    }
    args[canonical] = value;
  }
  if (unsupported.length > 0) {
    const supported = [...canonicalOf.keys()].filter((k) => !k.startsWith('_')).sort();
    problems.push({
      key: unsupported[0],
      message: `Unsupported parameters for (${moduleName}) module: ${unsupported.sort().join(', ')}. Supported parameters include: ${supported.join(', ')}.`,
    });
  }
  return args;
}

function checkGroups(spec: ArgSpec, args: JsonObject, problems: ArgProblem[]): void {
  for (const group of spec.mutuallyExclusive ?? []) {
    const given = group.filter((name) => isGiven(args, name));
    if (given.length > 1) problems.push({ key: given[1], message: `parameters are mutually exclusive: ${group.join('|')}` });
  }
}

function checkRequired(spec: ArgSpec, args: JsonObject, problems: ArgProblem[]): void {
  const missing = Object.entries(spec.options)
    .filter(([name, option]) => option.required && !isGiven(args, name))
    .map(([name]) => name)
    .sort();
  if (missing.length > 0) problems.push({ message: `missing required arguments: ${missing.join(', ')}` });
}

function convertAll(spec: ArgSpec, args: JsonObject, problems: ArgProblem[]): void {
  for (const [name, value] of Object.entries(args)) {
    const option = spec.options[name];
    if (!option || value === null) continue;
    const converted = convertArg(name, option, value);
    if (!converted.ok) {
      problems.push({ key: name, message: converted.reason });
      continue;
    }
    args[name] = converted.value;
    if (option.choices && !option.choices.includes(String(converted.value))) {
      problems.push({
        key: name,
        message: `value of ${name} must be one of: ${option.choices.join(', ')}, got: ${String(converted.value)}`,
      });
    }
  }
}

function fillDefaults(spec: ArgSpec, args: JsonObject): void {
  for (const [name, option] of Object.entries(spec.options)) {
    if (!isGiven(args, name) && option.default !== undefined) args[name] = option.default;
    if (args[name] === null) delete args[name];
  }
}

function checkConditional(spec: ArgSpec, args: JsonObject, problems: ArgProblem[]): void {
  for (const group of spec.requiredOneOf ?? []) {
    if (!group.some((name) => isGiven(args, name))) {
      problems.push({ message: `one of the following is required: ${group.join(', ')}` });
    }
  }
  for (const group of spec.requiredTogether ?? []) {
    const given = group.filter((name) => isGiven(args, name));
    if (given.length > 0 && given.length < group.length) {
      problems.push({ key: given[0], message: `parameters are required together: ${group.join(', ')}` });
    }
  }
  for (const [key, value, needed, anyOne] of spec.requiredIf ?? []) {
    if (args[key] !== value) continue;
    const missing = needed.filter((name) => !isGiven(args, name));
    const unmet = anyOne ? missing.length === needed.length : missing.length > 0;
    if (unmet) {
      problems.push({
        key,
        message: `${key} is ${String(value)} but ${anyOne ? 'any' : 'all'} of the following are missing: ${missing.join(', ')}`,
      });
    }
  }
}

/** Validates and normalizes a task's arguments for the module `moduleName` with the spec `spec`. */
export function checkArgs(moduleName: string, spec: ArgSpec, raw: JsonObject): ArgCheck {
  const problems: ArgProblem[] = [];
  const args = resolveAliases(moduleName, spec, raw, problems);
  checkGroups(spec, args, problems);
  checkRequired(spec, args, problems);
  convertAll(spec, args, problems);
  fillDefaults(spec, args);
  checkConditional(spec, args, problems);
  return { args, problems };
}
