import { posix } from 'node:path';
import { shellQuote } from '../connect/local.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { sha1 } from './support/digest.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.fetch: copies a file from the host to the controller, into dest/<host>/<src> or, with
// `flat`, to dest itself; unchanged when the controller's copy already has the same sha1.

export const fetchSpec = {
  options: {
    src: { type: 'str', required: true },
    dest: { type: 'str', required: true },
    flat: { type: 'bool', default: false },
    fail_on_missing: { type: 'bool', default: true },
    validate_checksum: { type: 'bool', default: true },
  },
} as const;

interface FetchFacts {
  src: PathStat;
  sha1: string | undefined;
}

interface LocalCopy {
  path: string;
  /** sha1 of the controller's copy, when there is one. */
  sha1: string | undefined;
}

/** Where the file lands on the controller, as Ansible lays it out. */
export function fetchDestination(src: string, dest: string, flat: boolean, host: string): string {
  if (flat) return dest.endsWith('/') ? `${dest}${posix.basename(src)}` : dest;
  return posix.join(dest, host, posix.normalize(`/${src}`));
}

export const fetch = defineModule<typeof fetchSpec, FetchFacts, LocalCopy>(fetchSpec, {
  name: 'fetch',
  async prepare(args, ctx) {
    const path = fetchDestination(args.src, args.dest, args.flat, ctx.inventoryHostname);
    try {
      return { path, sha1: sha1(await ctx.readControllerFile(path)) };
    } catch {
      return { path, sha1: undefined };
    }
  },
  gather(args) {
    const p = shellQuote(args.src);
    return {
      src: statQuery(args.src, { follow: true }),
      sha1: {
        command: `if [ -f ${p} ] && [ -r ${p} ]; then sha1sum < ${p} | cut -d' ' -f1; fi`,
        parse: ({ stdout }) => (stdout.trim() === '' ? undefined : stdout.trim()),
      },
    };
  },
  plan(args, facts, local): ModulePlan {
    const values: JsonObject = { dest: local.path, file: args.src };
    if (!facts.src.exists) {
      const msg = 'the remote file does not exist, not transferring, ignored';
      return args.fail_on_missing
        ? { changed: false, steps: [], failed: true, msg, values: { ...values, msg } }
        : { changed: false, steps: [], msg, values: { ...values, msg } };
    }
    if (facts.src.kind === 'directory') {
      return { changed: false, steps: [], failed: true, msg: 'remote file is a directory, fetch cannot work on directories', values };
    }
    const checksums = { checksum: facts.sha1 ?? '', remote_checksum: facts.sha1 ?? '' };
    if (facts.sha1 !== undefined && facts.sha1 === local.sha1) return { changed: false, steps: [], values: { ...values, ...checksums } };
    return {
      changed: true,
      steps: [
        {
          kind: 'fetch',
          remotePath: args.src,
          localPath: local.path,
          ...(args.validate_checksum && facts.sha1 !== undefined ? { sha1: facts.sha1 } : {}),
        },
      ],
      values: { ...values, ...checksums },
    };
  },
});
