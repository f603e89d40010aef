// One template engine for a test file, and the variables most tables use (the same ones the Ansible oracle
// runs used, so expected values can be compared line by line with `ansible localhost -m debug`).
import { createTemplateEngine, type TemplateEngine } from '../../../engine/template/engine.js';
import type { TemplateFileContext } from '../../../engine/template/public-api.js';

export const engine: TemplateEngine = await createTemplateEngine();

export const oracleVars = {
  d: { a: 1, b: [1, 2] },
  l: [3, 1, 2],
  s: 'Hello World',
  n: null,
  num: 5,
  users: [
    { name: 'a', on: true },
    { name: 'b', on: false },
  ],
  groups: { all: ['localhost'], ungrouped: ['localhost'] },
};

export function context(extra: Partial<TemplateFileContext> = {}): TemplateFileContext {
  return { engine, environment: { HOME: '/home/sre', EMPTY: '' }, ...extra };
}
