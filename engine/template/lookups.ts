// lookup() and query()/q() with the plugins quorum's playbooks need: env, file, vars, list/items, dict.
// lookup() joins several results with commas (Ansible's wantlist=False); query() always returns a list.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { GlobalFunction } from './callables.js';
import { mappingEntries } from './filters/coerce.js';
import { splitArguments } from './kwargs.js';
import type { RenderContext } from './render-context.js';
import { pythonStr } from './python-value.js';
import { StrictUndefined, requireDefined } from './undefined.js';
import { TemplateUsageError } from './usage-error.js';

type LookupPlugin = (context: RenderContext, terms: unknown[], options: Map<string, unknown>) => unknown[];

function readLookupFile(context: RenderContext, term: unknown, options: Map<string, unknown>): string {
  const path = pythonStr(term);
  const candidates = isAbsolute(path) ? [path] : context.lookups.searchPath.map((dir) => join(dir, path));
  for (const candidate of candidates) {
    let text: string;
    try {
      text = readFileSync(candidate, 'utf8');
    } catch {
      continue;
    }
    if (options.get('rstrip') !== false) text = text.trimEnd();
    if (options.get('lstrip') === true) text = text.trimStart();
    return text;
  }
  throw new TemplateUsageError(
    `could not locate file in lookup: ${path}`,
    candidates.length ? `looked in ${context.lookups.searchPath.join(', ')}` : 'no search path was given for relative files',
  );
}

const LOOKUP_PLUGINS: { readonly [name: string]: LookupPlugin } = {
  env: (context, terms, options) =>
    terms.map((term) => context.lookups.environment[pythonStr(term)] ?? (options.has('default') ? options.get('default') : '')),
  file: (context, terms, options) => terms.map((term) => readLookupFile(context, term, options)),
  vars: (context, terms, options) =>
    terms.map((term) => {
      const name = pythonStr(term);
      if (context.scope.has(name)) return context.scope.get(name);
      if (options.has('default')) return options.get('default');
      return requireDefined(new StrictUndefined(`No variable found with this name: ${name}`, name));
    }),
  list: (_context, terms) => terms,
  items: (_context, terms) => terms.flat(),
  dict: (_context, terms) => terms.flatMap((term) => mappingEntries(term, 'dict lookup').map(([key, value]) => ({ key, value }))),
};

function runLookup(context: RenderContext, args: unknown[]): unknown[] {
  const { positional, keywords } = splitArguments(args);
  const [name, ...terms] = positional;
  const plugin = typeof name === 'string' ? LOOKUP_PLUGINS[name] : undefined;
  if (!plugin) {
    throw new TemplateUsageError(`lookup plugin '${pythonStr(name)}' not found`, `quorum has ${Object.keys(LOOKUP_PLUGINS).join(', ')}`);
  }
  return plugin(context, terms.map((term) => requireDefined(term)), keywords);
}

const lookup: GlobalFunction = function (this: RenderContext, ...args) {
  const { keywords } = splitArguments(args);
  const results = runLookup(this, args);
  if (keywords.get('wantlist') === true) return results;
  return results.length === 1 ? results[0] : results.map(pythonStr).join(',');
};

const query: GlobalFunction = function (this: RenderContext, ...args) {
  return runLookup(this, args);
};

export const lookupGlobals: { readonly [name: string]: GlobalFunction } = { lookup, query, q: query };
