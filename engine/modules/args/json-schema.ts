import type { JsonObject, JsonValue } from '../types.js';
import type { ArgOption, ArgSpec } from './spec.js';

// The JSON Schema of a module's arguments, derived from its spec, for the loader's ajv validation. It accepts
// what Ansible accepts before conversion (a bool may be 'yes', an int may be '3'), so that ajv and
// checkArgs agree on what is valid.

const booleanWords = ['yes', 'no', 'true', 'false', 'on', 'off', 'y', 'n', '1', '0', 'True', 'False', 'Yes', 'No'];

function typeSchema(option: ArgOption): JsonObject {
  switch (option.type) {
    case 'bool':
      return { anyOf: [{ type: 'boolean' }, { enum: booleanWords }, { enum: [0, 1] }] };
    case 'int':
      return { anyOf: [{ type: 'integer' }, { type: 'string', pattern: '^\\s*-?\\d+\\s*$' }] };
    case 'float':
      return { anyOf: [{ type: 'number' }, { type: 'string', pattern: '^\\s*-?\\d+(\\.\\d+)?\\s*$' }] };
    case 'str':
    case 'path':
      return option.choices ? { enum: [...option.choices] } : { type: ['string', 'number', 'boolean'] };
    case 'list':
      return { type: ['array', 'string'] };
    case 'dict':
      return { type: 'object' };
    case 'mode':
      return { anyOf: [{ type: 'string' }, { type: 'integer', minimum: 0, maximum: 0o7777 }] };
    case 'raw':
      return {};
  }
}

function propertySchema(option: ArgOption): JsonObject {
  const schema = typeSchema(option);
  if (option.default !== undefined) schema['default'] = option.default;
  return schema;
}

function requiredOneName(name: string, spec: ArgSpec): JsonObject {
  const names = [name, ...(spec.options[name]?.aliases ?? [])];
  return names.length === 1 ? { required: [name] } : { anyOf: names.map((n) => ({ required: [n] })) };
}

/** The JSON Schema (draft 2020-12 subset that ajv understands) of a module's arguments. */
export function argSpecToJsonSchema(spec: ArgSpec): JsonObject {
  const properties: JsonObject = {};
  for (const [name, option] of Object.entries(spec.options)) {
    properties[name] = propertySchema(option);
    for (const alias of option.aliases ?? []) properties[alias] = propertySchema(option);
  }
  const rules: JsonValue[] = [];
  for (const [name, option] of Object.entries(spec.options)) {
    if (option.required) rules.push(requiredOneName(name, spec));
  }
  for (const group of spec.mutuallyExclusive ?? []) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) rules.push({ not: { required: [group[i]!, group[j]!] } });
    }
  }
  for (const group of spec.requiredOneOf ?? []) rules.push({ anyOf: group.map((n) => requiredOneName(n, spec)) });
  for (const [key, value, needed, anyOne] of spec.requiredIf ?? []) {
    const then: JsonObject = anyOne ? { anyOf: needed.map((n) => requiredOneName(n, spec)) } : { allOf: needed.map((n) => requiredOneName(n, spec)) };
    rules.push({ if: { properties: { [key]: { const: value } }, required: [key] }, then });
  }
  const schema: JsonObject = { type: 'object', properties, additionalProperties: spec.anyKeys === true };
  if (rules.length > 0) schema['allOf'] = rules;
  return schema;
}
