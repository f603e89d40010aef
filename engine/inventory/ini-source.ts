import { InventoryModelError } from './builder.js';
import { expandHostEntry, HostRangeError } from './host-range.js';
import { iniValue } from './python-literal.js';
import { shlexSplit } from './shlex.js';
import { report, type SourceContext } from './source-context.js';

// INI inventories as Ansible reads them: lines before any section are hosts of `ungrouped`; `[g]` lists hosts,
// `[g:vars]` sets variables, `[g:children]` names child groups, which may be declared further down. Unlike
// Ansible, which stops at the first problem, every problem of the file is reported.

const SECTION = /^\[([^:\]\s]+)(?::(\w+))?\]\s*(?:#.*)?$/;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/;
/** `skip`: the lines of a section whose header was wrong, already reported once. */
type SectionKind = 'hosts' | 'vars' | 'children' | 'skip';

interface PendingGroup {
  line: number;
  kind: 'vars' | 'children';
  /** Groups that named this one in their [parent:children] section, waiting for it to be declared. */
  parents: string[];
}

class IniParser {
  private readonly pending = new Map<string, PendingGroup>();
  private group = 'ungrouped';
  private kind: SectionKind = 'hosts';
  private lineNumber = 0;

  constructor(private readonly ctx: SourceContext) {}

  private fail(code: string, message: string, hint: string, col = 1): void {
    report(this.ctx, code, message, this.lineNumber, col, hint);
  }

  parse(text: string): void {
    for (const rawLine of text.split(/\r\n|\r|\n/)) {
      this.lineNumber += 1;
      const line = rawLine.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const col = rawLine.indexOf(line[0]!) + 1;
      try {
        this.parseLine(line, col);
      } catch (err) {
        if (err instanceof InventoryModelError) this.fail(err.code, err.message, err.hint, col);
        else if (err instanceof HostRangeError) this.fail('QUORUM_INVENTORY_BAD_RANGE', err.message, err.hint, col);
        else throw err;
      }
    }
    this.reportUndeclared();
  }

  private parseLine(line: string, col: number): void {
    const section = SECTION.exec(line);
    if (section) return this.enterSection(section[1]!, section[2], col);
    if (line.startsWith('[') && line.endsWith(']')) {
      return this.fail(
        'QUORUM_INVENTORY_INI_SECTION',
        `invalid section '${line}'`,
        'write a section as [group], [group:vars] or [group:children], with no spaces inside the brackets',
        col,
      );
    }
    if (this.kind === 'hosts') return this.parseHostLine(line, col);
    if (this.kind === 'vars') return this.parseVarLine(line, col);
    if (this.kind === 'children') return this.parseChildLine(line, col);
  }

  private enterSection(name: string, tag: string | undefined, col: number): void {
    const kind = tag ?? 'hosts';
    if (kind !== 'hosts' && kind !== 'vars' && kind !== 'children') {
      this.fail(
        'QUORUM_INVENTORY_INI_SECTION',
        `section [${name}:${kind}] has unknown type '${kind}'`,
        `use [${name}], [${name}:vars] or [${name}:children]`,
        col,
      );
      // Skip the section's lines rather than read them as something they are not.
      this.kind = 'skip';
      this.group = name;
      return;
    }
    this.group = name;
    this.kind = kind;
    const builder = this.ctx.builder;
    if (!builder.groups.has(name)) {
      // [g:vars] alone does not declare g: it must be declared by [g] or [g:children] somewhere in the file.
      if (kind === 'vars' && !this.pending.has(name)) this.pending.set(name, { line: this.lineNumber, kind: 'vars', parents: [] });
      builder.addGroup(name);
    }
    const waiting = this.pending.get(name);
    if (waiting && kind !== 'vars') {
      if (waiting.kind === 'children') this.addPendingChildren(name);
      else this.pending.delete(name);
    }
  }

  private addPendingChildren(name: string): void {
    const waiting = this.pending.get(name)!;
    for (const parent of waiting.parents) {
      this.ctx.builder.addChild(parent, name);
      if (this.pending.get(parent)?.kind === 'children') this.addPendingChildren(parent);
    }
    this.pending.delete(name);
  }

  private parseHostLine(line: string, col: number): void {
    const split = shlexSplit(line);
    if (!split.ok) {
      return this.fail('QUORUM_INVENTORY_INI_HOST', `cannot read host line '${line}': ${split.reason}`, 'close the quote or escape it with a backslash', col);
    }
    const [entry, ...assignments] = split.words;
    if (entry === undefined || entry === '') {
      return this.fail('QUORUM_INVENTORY_INI_HOST', `empty host name in '${line}'`, 'start the line with a host name', col);
    }
    const { names, port } = expandHostEntry(entry);
    if (entry.trim().endsWith(':') && port === undefined) {
      return this.fail(
        'QUORUM_INVENTORY_INI_HOST',
        `host '${entry}' ends in ':' (a colon introduces a port)`,
        `write host:port with a port number, or remove the colon; if this file is YAML, give it a .yml extension`,
        col,
      );
    }
    if (names.some((name) => name.trim() === '---')) {
      return this.fail('QUORUM_INVENTORY_INI_HOST', `host '---' looks like the start of a YAML document`, 'give a YAML inventory a .yml or .yaml extension', col);
    }
    const vars: [string, ReturnType<typeof iniValue>][] = [];
    for (const assignment of assignments) {
      const eq = assignment.indexOf('=');
      if (eq < 0) {
        return this.fail(
          'QUORUM_INVENTORY_INI_HOST',
          `expected key=value after host '${entry}', got '${assignment}'`,
          'write host variables as key=value; quote values that hold spaces: key="a b"',
          col + Math.max(0, line.indexOf(assignment)),
        );
      }
      vars.push([assignment.slice(0, eq), iniValue(assignment.slice(eq + 1))]);
    }
    for (const name of names) {
      this.ctx.builder.addHost(name, this.group, port, this.ctx.path);
      for (const [key, value] of vars) this.ctx.builder.setHostVar(name, key, value);
    }
  }

  private parseVarLine(line: string, col: number): void {
    const eq = line.indexOf('=');
    if (eq < 0) {
      return this.fail('QUORUM_INVENTORY_INI_VARS', `expected key=value in [${this.group}:vars], got '${line}'`, 'write one variable per line as key=value', col);
    }
    const key = line.slice(0, eq).trim();
    this.ctx.builder.setGroupVar(this.group, key, iniValue(line.slice(eq + 1).trim()));
  }

  private parseChildLine(line: string, col: number): void {
    const m = GROUP_NAME.exec(line);
    if (!m) {
      return this.fail('QUORUM_INVENTORY_INI_CHILDREN', `expected a group name in [${this.group}:children], got '${line}'`, 'list one group name per line', col);
    }
    const child = m[1]!;
    if (this.ctx.builder.groups.has(child)) {
      this.ctx.builder.addChild(this.group, child);
      return;
    }
    const waiting = this.pending.get(child);
    if (waiting) waiting.parents.push(this.group);
    else this.pending.set(child, { line: this.lineNumber, kind: 'children', parents: [this.group] });
  }

  private reportUndeclared(): void {
    for (const [name, waiting] of this.pending) {
      if (waiting.kind === 'vars') {
        report(
          this.ctx,
          'QUORUM_INVENTORY_UNDEFINED_GROUP',
          `section [${name}:vars] is for group '${name}', which is never declared`,
          waiting.line,
          1,
          `declare it with a [${name}] or [${name}:children] section, or fix the group name`,
        );
      } else {
        const parent = waiting.parents[waiting.parents.length - 1]!;
        report(
          this.ctx,
          'QUORUM_INVENTORY_UNDEFINED_GROUP',
          `section [${parent}:children] names group '${name}', which is never declared`,
          waiting.line,
          1,
          `declare it with a [${name}] section (it may be empty), or fix the name`,
        );
      }
    }
  }
}

/** Adds one INI inventory file to the inventory; problems go to ctx.diagnostics. */
export function parseIniInventory(text: string, ctx: SourceContext): void {
  new IniParser(ctx).parse(text);
}
