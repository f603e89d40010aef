import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { formatMode } from './support/mode.js';
import type { JsonObject } from './types.js';

// ansible.builtin.stat: reads a path's state; never changes anything. MIME types and file attributes are
// not read (get_mime/get_attributes are accepted and return nothing).

export const statSpec = {
  options: {
    path: { type: 'path', required: true, aliases: ['dest', 'name'] },
    follow: { type: 'bool', default: false },
    get_checksum: { type: 'bool', default: true },
    checksum_algorithm: {
      type: 'str',
      default: 'sha1',
      choices: ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'],
      aliases: ['checksum', 'checksum_algo'],
    },
    get_mime: { type: 'bool', default: false, aliases: ['mime', 'mime_type', 'mime-type'] },
    get_attributes: { type: 'bool', default: false, aliases: ['attr', 'attributes'] },
  },
} as const;

interface StatFacts {
  path: PathStat;
  checksum: string | undefined;
}

/** The registered `stat` dict, with Ansible's field names. */
export function statValues(path: string, stat: PathStat, checksum: string | undefined): JsonObject {
  if (!stat.exists) return { exists: false };
  const mode = stat.mode ?? 0;
  const values: JsonObject = {
    exists: true,
    path,
    mode: formatMode(mode),
    isdir: stat.kind === 'directory',
    isreg: stat.kind === 'file',
    islnk: stat.kind === 'link',
    uid: stat.uid ?? -1,
    gid: stat.gid ?? -1,
    pw_name: stat.owner ?? '',
    gr_name: stat.group ?? '',
    size: stat.size ?? 0,
    mtime: stat.mtime ?? 0,
    readable: true,
    executable: (mode & 0o111) !== 0,
    rusr: (mode & 0o400) !== 0,
    wusr: (mode & 0o200) !== 0,
    xusr: (mode & 0o100) !== 0,
  };
  if (stat.linkTarget !== undefined) {
    // As Ansible: lnk_source is the resolved absolute path, lnk_target what the link literally says.
    values['lnk_source'] = stat.linkResolved ?? stat.linkTarget;
    values['lnk_target'] = stat.linkTarget;
  }
  if (checksum !== undefined) values['checksum'] = checksum;
  return values;
}

export const stat = defineModule<typeof statSpec, StatFacts>(statSpec, {
  name: 'stat',
  gather(args) {
    const p = shellQuote(args.path);
    const read = args.follow ? `[ -f ${p} ]` : `[ -f ${p} ] && [ ! -L ${p} ]`;
    return {
      path: statQuery(args.path, { follow: args.follow }),
      checksum: args.get_checksum
        ? {
            command: `if ${read} && [ -r ${p} ]; then ${args.checksum_algorithm}sum < ${p} | cut -d' ' -f1; fi`,
            parse: ({ stdout }) => (stdout.trim() === '' ? undefined : stdout.trim()),
          }
        : { command: 'true', parse: () => undefined },
    };
  },
  plan(args, facts) {
    return { changed: false, steps: [], values: { stat: statValues(args.path, facts.path, facts.checksum) } };
  },
});
