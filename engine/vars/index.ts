// The vars package's public surface: precedence, lazy scopes, hostvars and magic variables.
export { HostVars } from './hostvars.js';
export { type MagicInput, magicVariables } from './magic.js';
export { type LayerName, literalVariableNames, PRECEDENCE, resolveVariables, type VariableLayers, variableSource } from './precedence.js';
export { ResolutionStack, type ScopeOptions, VariableScope, type Vars } from './scope.js';
