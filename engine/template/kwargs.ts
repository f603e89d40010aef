// Jinja filters take keyword arguments (`sort(attribute='name', reverse=true)`). nunjucks passes them as a final
// object flagged `__keywords`; this binds positional and keyword arguments to a filter's parameter names the
// way Python does, and rejects unknown or doubled ones with the filter's name.
import { TemplateUsageError } from './usage-error.js';

interface KeywordObject {
  __keywords: true;
  [key: string]: unknown;
}

function isKeywordObject(value: unknown): value is KeywordObject {
  return typeof value === 'object' && value !== null && (value as { __keywords?: unknown }).__keywords === true;
}

export interface SplitArguments {
  positional: unknown[];
  keywords: Map<string, unknown>;
}

export function splitArguments(args: readonly unknown[]): SplitArguments {
  const last = args[args.length - 1];
  if (!isKeywordObject(last)) return { positional: [...args], keywords: new Map() };
  const keywords = new Map<string, unknown>();
  for (const [key, value] of Object.entries(last)) if (key !== '__keywords') keywords.set(key, value);
  return { positional: args.slice(0, -1), keywords };
}

export type BoundArguments<Names extends readonly string[]> = { [K in Names[number]]?: unknown };

/** Binds `args` to `names` like a Python signature; `callable` names the filter/test in error messages. */
export function bindArguments<const Names extends readonly string[]>(
  callable: string,
  args: readonly unknown[],
  names: Names,
): BoundArguments<Names> {
  const { positional, keywords } = splitArguments(args);
  if (positional.length > names.length) {
    throw new TemplateUsageError(
      `${callable}() takes at most ${names.length} argument(s) (${positional.length} given)`,
    );
  }
  const bound: { [key: string]: unknown } = {};
  positional.forEach((value, index) => {
    bound[names[index] as string] = value;
  });
  for (const [key, value] of keywords) {
    if (!names.includes(key)) {
      throw new TemplateUsageError(
        `${callable}() got an unexpected keyword argument '${key}'`,
        names.length ? `it accepts ${names.join(', ')}` : undefined,
      );
    }
    if (key in bound) throw new TemplateUsageError(`${callable}() got multiple values for argument '${key}'`);
    bound[key] = value;
  }
  return bound as BoundArguments<Names>;
}
