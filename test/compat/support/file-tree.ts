import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Lab } from '../../../engine/lab/index.js';
import { onLabHost } from '../../support/run-cli.js';

// What a playbook left behind: one line per path under a root, with its type, mode, owner and content hash
// (or link target), paths relative to the root and sorted, so that two hosts' trees compare as text.

/** One shell command that lists a tree; prints nothing when the root does not exist. */
export function treeListingCommand(root: string): string {
  const quoted = `'${root.replace(/'/g, `'\\''`)}'`;
  // %P: path under the root (empty for the root itself); %y type; %m mode; %u:%g owner; %l link target.
  // Regular files get their sha256 from a second pass, joined by path.
  return [
    `if [ -e ${quoted} ]; then`,
    `cd ${quoted} && find . -printf '%P|%y|%m|%u:%g|%l\\n' | LC_ALL=C sort;`,
    `echo '--';`,
    `find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2;`,
    `fi`,
  ].join(' ');
}

/** Reads the listing command's output into `path type mode owner content` lines. */
export function parseTreeListing(output: string): string[] {
  const [entries = '', sums = ''] = output.split('\n--\n');
  const hashes = new Map<string, string>();
  for (const line of sums.split('\n').filter(Boolean)) {
    const match = /^([0-9a-f]{64}) {2}\.\/(.*)$/.exec(line);
    if (match) hashes.set(match[2] ?? '', (match[1] ?? '').slice(0, 16));
  }
  return entries
    .split('\n')
    .filter((line) => line !== '' && line !== '--')
    .map((line) => {
      const [path = '', type = '', mode = '', owner = '', target = ''] = line.split('|');
      const content = type === 'f' ? `sha256:${hashes.get(path) ?? '?'}` : type === 'l' ? `-> ${target}` : '';
      return [path === '' ? '.' : path, type, mode, owner, content].join(' ').trimEnd();
    });
}

export async function hostTree(lab: Lab, host: string, root: string): Promise<string[]> {
  return parseTreeListing(await onLabHost(lab, host, treeListingCommand(root)));
}

/** The same listing of a directory on the controller (what fetch and delegate_to: localhost wrote). */
export async function controllerTree(root: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)('/bin/sh', ['-c', treeListingCommand(root)]);
  return parseTreeListing(stdout);
}
