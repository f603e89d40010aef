// The entries of a playbook file: plays, and `import_playbook` entries, which are replaced by the plays of the
// playbook they name (static, when the playbook loads, as in Ansible). An import's `vars` override the
// imported plays' own, its `tags` are added to theirs, and its `when` is put in front of the conditions of
// their tasks and fact gathering. Paths are relative to the importing playbook's directory; the imported
// plays find their roles, vars files and task files from their own directory.
import { dirname, isAbsolute, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { isFile, isTemplated, readDocument, type LoadContext } from './load-context.js';
import { contextForDirectory } from './new-context.js';
import { normalisePlay, type MatchHosts } from './normalize-play.js';
import type { Condition, Play, SourcePosition, Vars } from './types.js';
import { conditions, isMapping, list, mapping, names, type WrittenMapping } from './written-values.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

const importKeys = ['import_playbook', 'ansible.builtin.import_playbook'] as const;

/** What the import_playbook entries around a play give it, outermost import first. */
interface Inherited {
  when: Condition[];
  vars: Vars;
  tags: string[];
}

const nothingInherited: Inherited = { when: [], vars: {}, tags: [] };

export interface EntriesLoad {
  ctx: LoadContext;
  matchHosts: MatchHosts | undefined;
  /** Absolute paths of imported playbooks, in load order (the result's `imports`). */
  imports: string[];
}

function error(code: string, message: string, pos: SourcePosition, hint: string): Diagnostic {
  return { severity: 'error', code, message, ...pos, hint };
}

/** The plays of one playbook file, imports expanded; `chain` holds the files importing it, to stop cycles. */
export async function loadPlaybookEntries(load: EntriesLoad, source: YamlSource, chain: readonly string[], inherited: Inherited = nothingInherited): Promise<Play[]> {
  const plays: Play[] = [];
  for (const [index, written] of list(source.value).entries()) {
    if (!isMapping(written)) continue;
    const key = importKeys.find((k) => k in written);
    if (key) {
      plays.push(...(await importedPlays(load, source, written, [index], key, chain, inherited)));
      continue;
    }
    const play = await normalisePlay(load.ctx, source, written, [index], load.matchHosts);
    plays.push(withInherited(play, inherited));
  }
  return plays;
}

function withInherited(play: Play, inherited: Inherited): Play {
  if (inherited === nothingInherited) return play;
  return {
    ...play,
    vars: { ...play.vars, ...inherited.vars },
    tags: [...new Set([...play.tags, ...inherited.tags])],
    importWhen: [...inherited.when, ...play.importWhen],
  };
}

async function importedPlays(
  load: EntriesLoad,
  source: YamlSource,
  written: WrittenMapping,
  path: readonly PathSegment[],
  key: (typeof importKeys)[number],
  chain: readonly string[],
  inherited: Inherited,
): Promise<Play[]> {
  const { ctx } = load;
  const file = written[key];
  // The schema reports a value that is not a string.
  if (typeof file !== 'string') return [];
  const pos = positionOf(source, [...path, key]);
  if (file.trim() === '') {
    ctx.structural.push(error('QUORUM_SCHEMA_VALUE', `'${key}' needs the path of a playbook`, pos, `write \`- ${key}: other.yml\``));
    return [];
  }
  if (isTemplated(file)) {
    ctx.semantic.push(
      error('QUORUM_PLAYBOOK_IMPORT_TEMPLATED', `import_playbook '${file}' names its file with a template`, pos, 'imports are read when the playbook loads: give a literal path'),
    );
    return [];
  }
  const target = isAbsolute(file) ? file : join(ctx.playbookDir, file);
  if (!isFile(target)) {
    ctx.semantic.push(
      error('QUORUM_PLAYBOOK_IMPORT_NOT_FOUND', `imported playbook '${file}' not found (tried ${ctx.display(target)})`, pos, `paths are relative to the importing playbook's directory, ${ctx.display(ctx.playbookDir)}`),
    );
    return [];
  }
  if (chain.includes(target)) {
    ctx.semantic.push(error('QUORUM_PLAYBOOK_IMPORT_CYCLE', `playbook '${file}' imports itself`, pos, [...chain, target].map(ctx.display).join(' -> ')));
    return [];
  }
  const imported = await readDocument(ctx, target, 'playbook');
  if (!imported) return [];
  load.imports.push(target);
  // An outer import applies after an inner one: its vars win, and its `when` comes first.
  const here: Inherited = {
    when: [...inherited.when, ...conditions(written.when)],
    vars: { ...mapping(written.vars), ...inherited.vars },
    tags: [...inherited.tags, ...names(written.tags, true)],
  };
  const inner: EntriesLoad = { ...load, ctx: contextForDirectory(ctx, dirname(target)) };
  return loadPlaybookEntries(inner, imported, [...chain, target], here);
}
