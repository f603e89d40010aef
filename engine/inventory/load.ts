import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { type Diagnostic, sortDiagnostics } from '../diagnostics.js';
import { InputError } from '../errors.js';
import { InventoryBuilder } from './builder.js';
import { expandHostEntry, HostRangeError } from './host-range.js';
import { parseIniInventory } from './ini-source.js';
import { displayPath, report, type SourceContext } from './source-context.js';
import type { Inventory } from './types.js';
import { VarsFileReader } from './vars-files.js';
import { parseYamlFile } from './yaml-reader.js';
import { looksLikeYamlInventory, parseYamlInventory } from './yaml-source.js';

// Reads every inventory source (-i) into one inventory, then group_vars/ and host_vars/ beside each source and
// beside the playbook. Like Ansible: sources in order, a directory's entries in name order (skipping hidden
// files, group_vars/, host_vars/ and backup or .ini/.cfg/.retry files), YAML for .yml/.yaml/.json, YAML then
// INI for files with no extension, INI for the rest. Unlike Ansible, a source that cannot be read or parsed is
// an error, never a warning followed by a smaller inventory.

export interface LoadInventoryOptions {
  /** Where group_vars/ and host_vars/ of the play are read (ansible-inventory uses the working directory). */
  playbookDir?: string;
}

const IGNORED_ENTRY = /^\.|^host_vars$|^group_vars$|^vars_plugins$|(?:\.pyc|\.pyo|\.swp|\.bak|~|\.rpm|\.md|\.txt|\.rst|\.orig|\.ini|\.cfg|\.retry)$/;
const YAML_EXTENSIONS = new Set(['.yml', '.yaml', '.json']);

/** A first line of `all:`, `---` or `name:` says the author meant YAML, even when the YAML is broken. */
function meantAsYaml(text: string): boolean {
  const first = text.split(/\r?\n/).find((line) => line.trim() && !line.trim().startsWith('#'));
  return first !== undefined && (/^---/.test(first) || /^[\w.-]+:\s*(?:#.*)?$/.test(first.trimEnd()));
}

class SourceLoader {
  readonly builder = new InventoryBuilder();
  readonly diagnostics: Diagnostic[] = [];

  private context(path: string): SourceContext {
    return { builder: this.builder, path, displayPath: displayPath(path), diagnostics: this.diagnostics };
  }

  loadSource(source: string): void {
    // `host1,host2` (a comma and no such file) is a list of hosts, as with `ansible -i host1,`.
    if (source.includes(',') && !existsSync(source)) return this.loadHostList(source);
    const path = resolve(source);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return report(
        { diagnostics: this.diagnostics, displayPath: source },
        'QUORUM_INVENTORY_NOT_FOUND',
        'inventory source does not exist',
        undefined,
        undefined,
        'check the path given to -i',
      );
    }
    if (isDirectory) this.loadDirectory(path);
    else this.loadFile(path);
  }

  private loadHostList(source: string): void {
    const ctx = { diagnostics: this.diagnostics, displayPath: '-i' };
    for (const entry of source.split(',').map((part) => part.trim()).filter(Boolean)) {
      try {
        const { names, port } = expandHostEntry(entry);
        for (const name of names) this.builder.addHost(name, 'ungrouped', port, undefined);
      } catch (err) {
        if (!(err instanceof HostRangeError)) throw err;
        report(ctx, 'QUORUM_INVENTORY_BAD_RANGE', err.message, undefined, undefined, err.hint);
      }
    }
  }

  private loadDirectory(dir: string): void {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      return report(this.context(dir), 'QUORUM_INVENTORY_UNREADABLE', `cannot read inventory directory (${reason})`, undefined, undefined, 'check its permissions');
    }
    const used = entries.filter((name) => !IGNORED_ENTRY.test(name));
    if (used.length === 0) {
      return report(
        this.context(dir),
        'QUORUM_INVENTORY_EMPTY',
        'inventory directory holds no inventory files',
        undefined,
        undefined,
        'add a hosts.yml (or an INI file without the .ini extension: Ansible skips .ini files in inventory directories)',
      );
    }
    for (const name of used) {
      const path = join(dir, name);
      let isDirectory = false;
      try {
        isDirectory = statSync(path).isDirectory();
      } catch {
        // A dangling link: reading it below reports it.
      }
      if (isDirectory) this.loadDirectory(path);
      else this.loadFile(path);
    }
  }

  private loadFile(path: string): void {
    const ctx = this.context(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      return report(ctx, 'QUORUM_INVENTORY_UNREADABLE', `cannot read inventory file (${reason})`, undefined, undefined, 'check that the file exists and is readable');
    }
    const lines = text.split(/\r?\n/);
    if (lines.every((line) => !line.trim() || /^\s*[#;]/.test(line) || line.trim() === '---')) {
      return report(ctx, 'QUORUM_INVENTORY_EMPTY', 'inventory file is empty', undefined, undefined, 'add hosts to it, or remove it from the inventory sources');
    }
    const ext = extname(basename(path));
    if (ext === '.toml') {
      return report(ctx, 'QUORUM_INVENTORY_FORMAT', 'TOML inventories are not supported', undefined, undefined, 'convert it to YAML or INI');
    }
    if (YAML_EXTENSIONS.has(ext)) {
      const { yaml, diagnostics } = parseYamlFile(ctx.displayPath, text);
      if (diagnostics.length > 0) this.diagnostics.push(...diagnostics);
      else parseYamlInventory(yaml, ctx);
      return;
    }
    if (ext === '') {
      const { yaml, diagnostics } = parseYamlFile(ctx.displayPath, text);
      if (looksLikeYamlInventory(yaml)) return parseYamlInventory(yaml, ctx);
      // Not YAML (or broken YAML): Ansible then reads the file as INI. Report the YAML problems instead of the
      // INI ones when the file was clearly meant to be YAML.
      const iniDiagnostics: Diagnostic[] = [];
      parseIniInventory(text, { ...ctx, diagnostics: iniDiagnostics });
      if (iniDiagnostics.length > 0 && diagnostics.length > 0 && meantAsYaml(text)) this.diagnostics.push(...diagnostics);
      else this.diagnostics.push(...iniDiagnostics);
      return;
    }
    parseIniInventory(text, ctx);
  }
}

/** The directory whose group_vars/ and host_vars/ belong to an inventory source. */
function varsBaseDir(source: string): string | undefined {
  if (source.includes(',') && !existsSync(source)) return undefined;
  const path = resolve(source);
  try {
    return statSync(path).isDirectory() ? path : dirname(path);
  } catch {
    return undefined;
  }
}

/** Loads inventory sources as ansible-inventory does; throws InputError with every problem of every file. */
export async function loadInventory(sources: readonly string[], options: LoadInventoryOptions = {}): Promise<Inventory> {
  const loader = new SourceLoader();
  if (sources.length === 0) {
    throw new InputError([
      { severity: 'error', code: 'QUORUM_INVENTORY_NONE', message: 'no inventory given', hint: 'pass one with -i PATH (a file or a directory)' },
    ]);
  }
  for (const source of sources) loader.loadSource(source);
  loader.builder.reconcile();
  if (loader.diagnostics.length === 0 && loader.builder.hosts.size === 0) {
    // Ansible would go on with no hosts (or an implicit localhost); a run over nothing is never what was meant.
    report(
      { diagnostics: loader.diagnostics, displayPath: sources.join(', ') },
      'QUORUM_INVENTORY_EMPTY',
      'the inventory defines no hosts',
      undefined,
      undefined,
      'add hosts under a group, for example `all: hosts: node1:` in YAML or a `node1` line in INI',
    );
  }
  const { builder, diagnostics } = loader;
  const reader = new VarsFileReader(diagnostics);
  const groupNames = [...builder.groups.keys()];
  const hostNames = [...builder.hosts.keys()];
  const baseDirs = sources.map(varsBaseDir).filter((dir): dir is string => dir !== undefined);
  const inventoryVarsDirs = baseDirs.map((dir) => reader.readDirectory(dir, groupNames, hostNames));
  const playVarsDirs = options.playbookDir ? [reader.readDirectory(resolve(options.playbookDir), groupNames, hostNames)] : [];
  if (diagnostics.length > 0) throw new InputError(sortDiagnostics(dedupe(diagnostics)));
  return {
    hosts: builder.hosts,
    groups: builder.groups,
    sources: sources.map((source) => (source.includes(',') && !existsSync(source) ? source : resolve(source))),
    inventoryVarsDirs,
    playVarsDirs,
  };
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
