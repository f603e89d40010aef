import { type Dirent, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { displayPath, report } from './source-context.js';
import type { VarsDirectory } from './types.js';
import { assignVars, describeType, type InventoryMapping, isMapping } from './values.js';
import { nodeToValue, parseYamlFile } from './yaml-reader.js';

// group_vars/ and host_vars/ beside an inventory (and beside the playbook): for a group or host NAME, the first
// of NAME, NAME.yml, NAME.yaml, NAME.json; when that is a directory, every file in it (and in its
// subdirectories) with one of those extensions or none, in name order, later files winning. Hidden files and
// editor backups (`~`) are skipped. Each directory is listed once, so that 5,000 hosts cost 5,000 lookups in a
// map rather than 20,000 stat calls.

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

type Listing = ReadonlyMap<string, Dirent>;

function isDirectoryEntry(dir: string, entry: Dirent): boolean {
  if (entry.isDirectory()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, entry.name)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads vars files, each at most once, and reports every problem in them. */
export class VarsFileReader {
  private readonly loaded = new Map<string, InventoryMapping>();
  constructor(readonly diagnostics: Diagnostic[]) {}

  private list(dir: string): Listing {
    try {
      return new Map(readdirSync(dir, { withFileTypes: true }).map((entry) => [entry.name, entry]));
    } catch {
      return new Map();
    }
  }

  private filesUnder(dir: string): string[] {
    const found: string[] = [];
    const names = [...this.list(dir).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of names) {
      if (entry.name.startsWith('.') || entry.name.endsWith('~')) continue;
      const ext = extname(entry.name);
      const full = join(dir, entry.name);
      if (isDirectoryEntry(dir, entry)) {
        if (!ext) found.push(...this.filesUnder(full));
      } else if (!ext || EXTENSIONS.includes(ext)) {
        found.push(full);
      }
    }
    return found;
  }

  /** Reads one vars file: a mapping, or nothing when the file is empty. */
  read(path: string): InventoryMapping {
    const cached = this.loaded.get(path);
    if (cached) return cached;
    const shown = displayPath(path);
    const ctx = { diagnostics: this.diagnostics, displayPath: shown };
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      report(ctx, 'QUORUM_INVENTORY_UNREADABLE', `cannot read vars file (${reason})`, undefined, undefined, 'check that the file exists and is readable');
      return {};
    }
    const { yaml, diagnostics } = parseYamlFile(shown, text);
    this.diagnostics.push(...diagnostics);
    let result: InventoryMapping = {};
    if (diagnostics.length === 0) {
      const value = nodeToValue(yaml, yaml.doc.contents, this.diagnostics);
      if (isMapping(value)) {
        result = value;
      } else if (value !== null) {
        const { line, col } = yaml.lines.linePos(yaml.doc.contents?.range?.[0] ?? 0);
        report(
          ctx,
          'QUORUM_INVENTORY_VARS_NOT_MAPPING',
          `a vars file must be a mapping of variable names to values, got ${describeType(value)}`,
          line,
          col,
          'write `name: value` lines at the top level, not a list of `- ...` items',
        );
      }
    }
    this.loaded.set(path, result);
    return result;
  }

  /** The vars files for NAME in `dir` (a group_vars/ or host_vars/ directory), in the order they apply. */
  filesFor(listing: Listing, dir: string, name: string): string[] {
    for (const ext of EXTENSIONS) {
      const entry = listing.get(name + ext);
      if (!entry) continue;
      return isDirectoryEntry(dir, entry) ? this.filesUnder(join(dir, entry.name)) : [join(dir, entry.name)];
    }
    return [];
  }

  /** Reads group_vars/ and host_vars/ of `baseDir` for the given groups and hosts. */
  readDirectory(baseDir: string, groups: Iterable<string>, hosts: Iterable<string>): VarsDirectory {
    return {
      dir: baseDir,
      groups: this.readKind(join(baseDir, 'group_vars'), groups),
      hosts: this.readKind(join(baseDir, 'host_vars'), hosts),
    };
  }

  private readKind(dir: string, names: Iterable<string>): Map<string, InventoryMapping> {
    const result = new Map<string, InventoryMapping>();
    let real: string;
    try {
      real = realpathSync(dir);
      if (!statSync(real).isDirectory()) return result;
    } catch {
      return result;
    }
    const listing = this.list(real);
    if (listing.size === 0) return result;
    for (const name of names) {
      // Ansible skips names that start with a path separator (chroot-style host names).
      if (name.startsWith(sep)) continue;
      const files = this.filesFor(listing, real, name);
      if (files.length === 0) continue;
      const merged: InventoryMapping = {};
      for (const file of files) assignVars(merged, this.read(file));
      result.set(name, merged);
    }
    return result;
  }
}
