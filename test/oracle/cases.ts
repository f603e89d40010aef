// The oracle's table: every directory under test/fixtures/inventories/ is one case, described by its case.json.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One row of the oracle table, as written in a fixture's case.json. */
export interface OracleCase {
  /** The fixture directory's name; ansible and quorum both run with this directory as their working directory. */
  readonly name: string;
  readonly dir: string;
  /** What the fixture exercises, in a sentence. */
  readonly about: string;
  /** The `-i` sources, in order, relative to the fixture directory. */
  readonly inventories: readonly string[];
  /** Whether to compare `--graph` text. */
  readonly graph: boolean;
  /** Hosts for which a real `ansible-inventory --host` must equal that host's entry in `--list`'s _meta.hostvars. */
  readonly ansibleHostChecks: readonly string[];
  /** Host patterns to compare `--list --limit PATTERN` for. */
  readonly limits: readonly string[];
}

const knownKeys = new Set(['about', 'inventories', 'graph', 'ansibleHostChecks', 'limits']);

/** Reads every fixture's case.json, sorted by directory name; a malformed case.json fails with one clear line. */
export function loadOracleCases(fixturesRoot: string): OracleCase[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => parseCase(name, join(fixturesRoot, name)));
}

function parseCase(name: string, dir: string): OracleCase {
  const file = join(dir, 'case.json');
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const fail = (key: string, fix: string): never => {
    throw new Error(`${file}: key "${key}": ${fix}`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) fail('(top)', 'write a JSON object');
  const fields = new Map(Object.entries(raw as object));
  for (const key of fields.keys()) {
    if (!knownKeys.has(key)) fail(key, `unknown key; use one of ${[...knownKeys].join(', ')}`);
  }
  const about = fields.get('about');
  if (typeof about !== 'string' || about === '') fail('about', 'say in a sentence what the fixture exercises');
  const inventories = stringList(fields.get('inventories'));
  if (inventories === undefined || inventories.length === 0) fail('inventories', 'list at least one -i source');
  const graph = fields.get('graph') ?? false;
  if (typeof graph !== 'boolean') fail('graph', 'use true or false');
  const ansibleHostChecks = stringList(fields.get('ansibleHostChecks') ?? []);
  if (ansibleHostChecks === undefined) fail('ansibleHostChecks', 'list host names');
  const limits = stringList(fields.get('limits') ?? []);
  if (limits === undefined) fail('limits', 'list host patterns');
  return {
    name,
    dir,
    about: about as string,
    inventories: inventories as string[],
    graph: graph as boolean,
    ansibleHostChecks: ansibleHostChecks as string[],
    limits: limits as string[],
  };
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) return undefined;
  return value as string[];
}
