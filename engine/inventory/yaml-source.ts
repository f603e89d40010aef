import { isAlias, isMap, isScalar, type Node, type Pair } from 'yaml';
import { InventoryModelError } from './builder.js';
import { expandHostEntry, HostRangeError } from './host-range.js';
import { report, type SourceContext } from './source-context.js';
import { describeType, type InventoryValue, isMapping } from './values.js';
import { nodeToValue, positionOf, type YamlFile } from './yaml-reader.js';

// YAML inventories as Ansible reads them: top-level keys are groups; a group has `hosts`, `children` and `vars`;
// a host's value holds its variables. Where Ansible skips an entry with a warning (a misspelt `host:`, a group
// that is a list), quorum stops with an error: a silently dropped group is a host left out of a rollout.

const SECTIONS = ['hosts', 'children', 'vars'] as const;

class YamlInventoryParser {
  constructor(
    private readonly ctx: SourceContext,
    private readonly yaml: YamlFile,
  ) {}

  private fail(node: Node | null | undefined, code: string, message: string, hint: string): void {
    const { line, col } = positionOf(this.yaml, node);
    report(this.ctx, code, message, line, col, hint);
  }

  private resolve(node: unknown): Node | null {
    if (isAlias(node)) return this.resolve(node.resolve(this.yaml.doc));
    return (node as Node | null | undefined) ?? null;
  }

  private isNull(node: Node | null): boolean {
    return node === null || (isScalar(node) && node.type === 'PLAIN' && nodeToValue(this.yaml, node, []) === null);
  }

  /** The text of a key as written: group and host names are names, not YAML booleans or numbers. */
  private keyText(pair: Pair): string {
    const key = this.resolve(pair.key);
    return isScalar(key) ? String(key.value ?? '') : String(nodeToValue(this.yaml, key, this.ctx.diagnostics));
  }

  parse(): void {
    const root = this.resolve(this.yaml.doc.contents);
    if (this.isNull(root)) {
      return this.fail(root, 'QUORUM_INVENTORY_EMPTY', 'the YAML inventory is empty', 'add an `all:` group with hosts, or remove the file from the inventory');
    }
    if (!isMap(root)) {
      return this.fail(
        root,
        'QUORUM_INVENTORY_YAML_STRUCTURE',
        `a YAML inventory must be a mapping of group names, got ${describeType(nodeToValue(this.yaml, root, []))}`,
        'start the file with `all:` and put hosts under `all: hosts:`',
      );
    }
    if (root.items.some((pair) => this.keyText(pair) === 'plugin')) {
      return this.fail(root, 'QUORUM_INVENTORY_PLUGIN', 'inventory plugin configuration files are not supported', 'list the hosts in a static YAML or INI inventory');
    }
    for (const pair of root.items) this.parseGroup(this.keyText(pair), pair);
  }

  private guard(node: Node | null | undefined, action: () => void): void {
    try {
      action();
    } catch (err) {
      if (err instanceof InventoryModelError) this.fail(node, err.code, err.message, err.hint);
      else if (err instanceof HostRangeError) this.fail(node, 'QUORUM_INVENTORY_BAD_RANGE', err.message, err.hint);
      else throw err;
    }
  }

  private parseGroup(name: string, pair: Pair): void {
    const node = this.resolve(pair.value);
    const keyNode = pair.key as Node;
    if (!name) {
      return this.fail(keyNode, 'QUORUM_INVENTORY_GROUP_NAME', 'empty group name', 'give the group a name');
    }
    if (!this.isNull(node) && !isMap(node)) {
      return this.fail(
        node,
        'QUORUM_INVENTORY_YAML_STRUCTURE',
        `group '${name}' must be a mapping with hosts, children and vars, got ${describeType(nodeToValue(this.yaml, node, []))}`,
        `write '${name}:' followed by an indented 'hosts:' mapping (host names as keys)`,
      );
    }
    this.ctx.builder.addGroup(name);
    if (!isMap(node)) return;
    for (const item of node.items) {
      const key = this.keyText(item);
      const value = this.resolve(item.value);
      if (!(SECTIONS as readonly string[]).includes(key)) {
        this.fail(
          item.key as Node,
          'QUORUM_INVENTORY_UNKNOWN_KEY',
          `unknown key '${key}' in group '${name}'`,
          `${key === 'host' ? "did you mean 'hosts'? " : ''}a group holds only 'hosts', 'children' and 'vars'`,
        );
        continue;
      }
      if (this.isNull(value)) continue;
      if (isScalar(value) && key !== 'vars' && typeof nodeToValue(this.yaml, value, []) === 'string') {
        // Ansible accepts `hosts: web1` and `children: db` as a one-entry mapping.
        this.parseSectionEntry(name, key, String(value.value), value, null);
        continue;
      }
      if (!isMap(value)) {
        this.fail(
          value,
          'QUORUM_INVENTORY_YAML_STRUCTURE',
          `'${key}' of group '${name}' must be a mapping, got ${describeType(nodeToValue(this.yaml, value, []))}`,
          key === 'hosts' ? 'write each host as a key such as `web1:`, not as a list item such as `- web1`' : `write '${key}' as a mapping of names`,
        );
        continue;
      }
      for (const entry of value.items) this.parseSectionEntry(name, key, this.keyText(entry), entry.key as Node, entry);
    }
  }

  private parseSectionEntry(group: string, section: string, name: string, keyNode: Node, entry: Pair | null): void {
    if (section === 'vars') {
      const value = nodeToValue(this.yaml, entry?.value, this.ctx.diagnostics);
      this.guard(keyNode, () => this.ctx.builder.setGroupVar(group, name, value));
    } else if (section === 'children') {
      if (entry) this.parseGroup(name, entry);
      else this.ctx.builder.addGroup(name);
      this.guard(keyNode, () => {
        if (this.ctx.builder.groups.has(name)) this.ctx.builder.addChild(group, name);
      });
    } else {
      this.parseHost(group, name, keyNode, entry);
    }
  }

  private parseHost(group: string, entryText: string, keyNode: Node, entry: Pair | null): void {
    const valueNode = this.resolve(entry?.value);
    const vars: InventoryValue = this.isNull(valueNode) ? {} : nodeToValue(this.yaml, valueNode, this.ctx.diagnostics);
    if (!isMapping(vars)) {
      return this.fail(
        valueNode,
        'QUORUM_INVENTORY_YAML_STRUCTURE',
        `variables of host '${entryText}' in group '${group}' must be a mapping, got ${describeType(vars)}`,
        'write the host as `name:` followed by indented `key: value` lines, or leave it empty',
      );
    }
    this.guard(keyNode, () => {
      const { names, port } = expandHostEntry(entryText);
      for (const host of names) {
        this.ctx.builder.addHost(host, group, port, this.ctx.path);
        for (const [key, value] of Object.entries(vars)) this.ctx.builder.setHostVar(host, key, value);
      }
    });
  }
}

/** Adds one parsed YAML inventory to the inventory; problems go to ctx.diagnostics. */
export function parseYamlInventory(yaml: YamlFile, ctx: SourceContext): void {
  new YamlInventoryParser(ctx, yaml).parse();
}

/** Whether a parsed YAML document can be a YAML inventory at all (Ansible then tries the file as INI). */
export function looksLikeYamlInventory(yaml: YamlFile): boolean {
  const root = yaml.doc.contents;
  return yaml.doc.errors.length === 0 && isMap(isAlias(root) ? root.resolve(yaml.doc) : root);
}
