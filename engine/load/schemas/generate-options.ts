// The ajv options every validator is compiled with, ahead of time (generate.ts) or at run time (module
// argument schemas): all errors at once, each with its schema and data (for messages), refs compiled once.
export const ajvOptions = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true, inlineRefs: false } as const;
