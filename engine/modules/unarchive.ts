import { posix } from 'node:path';
import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { findControllerFile } from './support/controller-file.js';
import { sha256 } from './support/digest.js';
import { guardQueries } from './support/run-command.js';
import { listTar, type TarEntry } from './support/tar-listing.js';
import type { FactQuery, JsonObject, ModulePlan, RemoteStep } from './types.js';

// ansible.builtin.unarchive for tar and tar.gz: an archive on the controller (listed here, pushed, extracted
// with tar), or with `remote_src` one already on the host. Nothing is extracted when every entry is already
// in place (same type, size and mode), or when `creates` exists.

export const unarchiveSpec = {
  options: {
    src: { type: 'path', required: true },
    dest: { type: 'path', required: true },
    remote_src: { type: 'bool', default: false },
    creates: { type: 'path' },
    owner: { type: 'str' },
    group: { type: 'str' },
    extra_opts: { type: 'list', elements: 'str' },
    list_files: { type: 'bool', default: false },
  },
} as const;

interface UnarchiveFacts {
  dest: PathStat;
  creates: boolean;
  /** Entries missing or different on the host. */
  differing: string[];
}

interface Archive {
  path: string;
  content?: Buffer;
  entries?: TarEntry[];
}

/** What `stat -c '%F|%s|%a'` prints for an entry that is in place. */
function expectedStat(entry: TarEntry): string | undefined {
  if (entry.kind === 'file') return `${entry.size === 0 ? 'regular empty file' : 'regular file'}|${entry.size}|${entry.mode.toString(8)}`;
  return undefined;
}

function localEntriesQuery(dest: string, entries: readonly TarEntry[]): FactQuery<string[]> {
  const lines = ['c() { [ "$(stat -c \'%F|%s|%a\' -- "$1" 2>/dev/null)" = "$2" ] || printf \'%s\\n\' "$1"; }'];
  for (const entry of entries) {
    const path = shellQuote(posix.join(dest, entry.path));
    const expected = expectedStat(entry);
    if (expected !== undefined) lines.push(`c ${path} ${shellQuote(expected)}`);
    else if (entry.kind === 'directory') lines.push(`[ -d ${path} ] || printf '%s\\n' ${path}`);
    else lines.push(`[ -e ${path} ] || [ -L ${path} ] || printf '%s\\n' ${path}`);
  }
  return { command: lines.join('\n'), parse: ({ stdout }) => stdout.split('\n').filter((l) => l !== '') };
}

function remoteEntriesQuery(src: string, dest: string, strip: number): FactQuery<string[]> {
  const d = shellQuote(dest.replace(/\/$/, ''));
  const names = strip > 0 ? `tar -tf ${shellQuote(src)} | cut -d/ -f${strip + 1}- | grep -v '^$'` : `tar -tf ${shellQuote(src)}`;
  return {
    command: `${names} | while IFS= read -r n; do [ -e ${d}/"$n" ] || [ -L ${d}/"$n" ] || printf '%s\\n' "$n"; done`,
    parse: ({ stdout, rc }) => (rc === 0 ? stdout.split('\n').filter((l) => l !== '') : [`cannot list ${src}`]),
  };
}

/** tar's --strip-components from extra_opts (`--strip-components=1` or `--strip-components 1`), else 0. */
export function stripComponents(extraOpts: readonly string[]): number {
  for (let i = 0; i < extraOpts.length; i++) {
    const opt = extraOpts[i]!;
    const inline = /^--strip-components=(\d+)$/.exec(opt);
    if (inline) return Number(inline[1]);
    if (opt === '--strip-components' && /^\d+$/.test(extraOpts[i + 1] ?? '')) return Number(extraOpts[i + 1]);
  }
  return 0;
}

/** The entries as they land in dest: with `strip` leading components removed, and those left empty dropped. */
export function strippedEntries(entries: readonly TarEntry[], strip: number): TarEntry[] {
  return entries
    .map((entry) => ({ ...entry, path: entry.path.split('/').slice(strip).join('/') }))
    .filter((entry) => entry.path !== '');
}

function topLevel(entries: readonly TarEntry[]): string[] {
  return [...new Set(entries.map((e) => e.path.split('/')[0]!).filter((p) => p !== ''))];
}

export const unarchive = defineModule<typeof unarchiveSpec, UnarchiveFacts, Archive>(unarchiveSpec, {
  name: 'unarchive',
  async prepare(args, ctx) {
    if (args.remote_src) return { path: args.src };
    const found = await findControllerFile(args.src, ctx.fileSearchDirs, ctx.readControllerFile);
    const entries = strippedEntries(listTar(found.content), stripComponents(args.extra_opts ?? []));
    return { path: found.path, content: found.content, entries };
  },
  gather(args, local) {
    return {
      dest: statQuery(args.dest, { follow: true }),
      creates: guardQueries({ creates: args.creates }).creates,
      differing: local.entries
        ? localEntriesQuery(args.dest, local.entries)
        : remoteEntriesQuery(args.src, args.dest, stripComponents(args.extra_opts ?? [])),
    };
  },
  plan(args, facts, local, ctx): ModulePlan {
    const values: JsonObject = { dest: args.dest, src: local.path, handler: 'TgzArchive' };
    if (args.list_files && local.entries) values['files'] = local.entries.map((e) => e.path);
    // In check mode the task that makes the destination (and, with remote_src, the one that pushes the archive)
    // did not run: predict the unpacking, where Ansible fails, so that a plan of a fresh install reads through.
    if (ctx.check && !facts.dest.exists) {
      return { changed: true, steps: [], msg: `would unpack into ${args.dest} (not there yet: an earlier task of the run makes it)`, values };
    }
    if (!facts.dest.exists || facts.dest.kind !== 'directory') {
      return { changed: false, steps: [], failed: true, msg: `Destination '${args.dest}' is not a directory`, values };
    }
    if (args.creates !== undefined && facts.creates) {
      // Ansible's unarchive exits with skipped=True here, and its recap counts the task as skipped.
      return { changed: false, skipped: true, steps: [], msg: `skipped, since ${args.creates} exists`, values };
    }
    if (facts.differing.length === 0) return { changed: false, steps: [], values };
    const archive = local.content ? `/tmp/.quorum-unarchive-${sha256(local.content).slice(0, 16)}` : args.src;
    const extract = `tar -xf ${shellQuote(archive)} -C ${shellQuote(args.dest)} ${(args.extra_opts ?? []).map(shellQuote).join(' ')}`.trim();
    const steps: RemoteStep[] = [];
    if (local.content) {
      steps.push({ kind: 'put', path: archive, content: local.content, mode: 0o600 });
      steps.push({ kind: 'exec', command: `${extract}; rc=$?; rm -f -- ${shellQuote(archive)}; exit $rc` });
    } else steps.push({ kind: 'exec', command: extract });
    const owner = args.owner === undefined ? '' : args.owner;
    const ownership = args.group === undefined ? owner : `${owner}:${args.group}`;
    if (ownership !== '' && !local.entries) {
      return { changed: false, steps: [], failed: true, msg: 'owner and group with remote_src are not supported: chown after extraction with file', values };
    }
    if (ownership !== '' && local.entries) {
      const targets = topLevel(local.entries).map((p) => shellQuote(posix.join(args.dest, p)));
      steps.push({ kind: 'exec', command: `chown -R ${shellQuote(ownership)} -- ${targets.join(' ')}` });
    }
    return { changed: true, steps, values: { ...values, extract_results: { cmd: extract } } };
  },
});
