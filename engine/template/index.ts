// The template package's public surface: what the executor, the modules and the CLI import.
export { createTemplateEngine, TemplateEngine } from './engine.js';
export { TemplateError, TemplateErrorCode, type TemplateOrigin } from './errors.js';
export { LazyMapping } from './lazy-mapping.js';
export { isOmitted, OMIT_TOKEN, stripOmitted } from './omit.js';
export { type Condition, evaluateCondition, renderTemplateFile, type TemplateFileContext, templateValue } from './public-api.js';
export type { TemplateContext } from './template-value.js';
