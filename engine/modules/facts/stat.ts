import { shellQuote } from '../../connect/local.js';
import type { FactQuery } from '../types.js';

// The state of one path on the host, read with GNU/busybox `stat -c` and `sha256sum` (no Python on hosts).

export type PathKind = 'file' | 'directory' | 'link' | 'other';

export interface PathStat {
  exists: boolean;
  kind?: PathKind;
  /** Permission bits, for example 0o644. */
  mode?: number;
  owner?: string;
  group?: string;
  uid?: number;
  gid?: number;
  size?: number;
  mtime?: number;
  /** The target of a symbolic link. */
  linkTarget?: string;
  /** The link's target as an absolute path with every link resolved (Ansible's lnk_source). */
  linkResolved?: string;
  /** sha256 of a regular file's content (of the link's target when followed). */
  sha256?: string;
  /** A regular file's content, when asked for (diffs, lineinfile). Undefined when too large or unreadable. */
  content?: string;
}

export const absent: PathStat = { exists: false };

export interface StatOptions {
  checksum?: boolean;
  /** Read the content of a regular file up to this many bytes. */
  contentLimit?: number;
  /** Stat what a link points to rather than the link. */
  follow?: boolean;
}

/** The shell that prints a path's state: `stat` line, link target, checksum, content, each tagged. */
export function statCommand(path: string, options: StatOptions = {}): string {
  const p = shellQuote(path);
  const statFlag = options.follow ? '-L ' : '';
  const lines = [
    `p=${p}`,
    `if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo absent; exit 0; fi`,
    `printf 'stat '; stat ${statFlag}-c '%F|%a|%U|%G|%u|%g|%s|%Y' -- "$p" || exit 1`,
    `if [ -L "$p" ]; then printf 'link %s\\n' "$(readlink -- "$p")"; printf 'resolved %s\\n' "$(readlink -f -- "$p")"; fi`,
  ];
  if (options.checksum) {
    lines.push(`if [ -f "$p" ] && [ -r "$p" ]; then printf 'sha256 '; sha256sum < "$p" | cut -d' ' -f1; fi`);
  }
  if (options.contentLimit !== undefined) {
    lines.push(
      `if [ -f "$p" ] && [ -r "$p" ] && [ "$(stat -L -c %s -- "$p")" -le ${options.contentLimit} ]; then echo content; cat -- "$p"; fi`,
    );
  }
  return lines.join('\n');
}

function kindOf(described: string): PathKind {
  if (described.startsWith('regular')) return 'file';
  if (described === 'directory') return 'directory';
  if (described === 'symbolic link') return 'link';
  return 'other';
}

/** Parses statCommand's output. A failure to stat (permission) reads as an error, not as absence. */
export function parseStat(stdout: string, rc: number): PathStat {
  if (stdout.startsWith('absent')) return absent;
  if (rc !== 0 || !stdout.startsWith('stat ')) {
    throw new Error(`cannot stat: ${stdout.trim() || `exit status ${rc}`}`);
  }
  const contentAt = stdout.indexOf('\ncontent\n');
  const head = contentAt >= 0 ? stdout.slice(0, contentAt) : stdout;
  const result: PathStat = { exists: true };
  for (const line of head.split('\n')) {
    if (line.startsWith('stat ')) {
      const [kind, mode, owner, group, uid, gid, size, mtime] = line.slice(5).split('|');
      result.kind = kindOf(kind ?? '');
      result.mode = parseInt(mode ?? '0', 8);
      result.owner = owner ?? '';
      result.group = group ?? '';
      result.uid = Number(uid);
      result.gid = Number(gid);
      result.size = Number(size);
      result.mtime = Number(mtime);
    } else if (line.startsWith('link ')) result.linkTarget = line.slice(5);
    else if (line.startsWith('resolved ')) result.linkResolved = line.slice(9);
    else if (line.startsWith('sha256 ')) result.sha256 = line.slice(7).trim();
  }
  if (contentAt >= 0) result.content = stdout.slice(contentAt + '\ncontent\n'.length);
  return result;
}

export function statQuery(path: string, options: StatOptions = {}): FactQuery<PathStat> {
  return { command: statCommand(path, options), parse: ({ stdout, rc }) => parseStat(stdout, rc) };
}
