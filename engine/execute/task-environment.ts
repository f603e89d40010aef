import type { Connection, ExecOptions } from '../connect/types.js';
import { QuorumError } from '../errors.js';
import { templateValue } from '../template/public-api.js';
import type { TemplateContext } from '../template/template-value.js';
import type { VariableScope } from '../vars/scope.js';
import type { Environment } from './frame.js';

// The `environment:` keyword: variables set for every command a task runs on the host (its fact queries and
// its steps). Each layer (play, block, role, task) is templated for the host and must give a mapping; inner
// layers win. Values become strings as Ansible turns them into strings (True/False for booleans).

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The merged environment of a task, or undefined when none of its layers sets one. */
export function taskEnvironment(layers: readonly Environment[], scope: VariableScope, ctx: TemplateContext): Record<string, string> | undefined {
  if (layers.length === 0) return undefined;
  const env: Record<string, string> = {};
  for (const layer of layers) {
    const value = templateValue(layer, scope, ctx);
    if (value === null || value === undefined || value === '') continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new QuorumError('QUORUM_ENVIRONMENT', `environment must be a mapping of variable names to values, not ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`, 2, 'write `environment: {NAME: value}`');
    }
    for (const [name, v] of Object.entries(value)) env[name] = asText(v);
  }
  return env;
}

/** The host's connection with the task's environment added to every command it runs. */
export class EnvironmentConnection implements Connection {
  readonly forwardOut?: Connection['forwardOut'];

  constructor(
    private readonly inner: Connection,
    private readonly env: Record<string, string>,
  ) {
    if (inner.forwardOut) this.forwardOut = (host, port) => inner.forwardOut!(host, port);
  }

  get host(): string {
    return this.inner.host;
  }

  exec(command: string, options: ExecOptions = {}) {
    return this.inner.exec(command, { ...options, env: { ...this.env, ...options.env } });
  }

  put(...args: Parameters<Connection['put']>) {
    return this.inner.put(...args);
  }

  get(...args: Parameters<Connection['get']>) {
    return this.inner.get(...args);
  }

  /** The pool owns the connection and closes it at the end of the run; a task's view of it closes nothing. */
  async close(): Promise<void> {}
}
