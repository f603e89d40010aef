// basename, dirname, realpath, splitext, path_join (POSIX paths, as on the targets), and hash, checksum, md5, sha1.
import { createHash, getHashes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { posix, resolve } from 'node:path';
import type { FilterTable } from '../callables.js';
import { TemplateUsageError } from '../usage-error.js';
import { asString, iterate } from './coerce.js';

function digest(input: unknown, algorithm: string): string {
  if (!getHashes().includes(algorithm)) {
    throw new TemplateUsageError(`hash: unknown algorithm '${algorithm}'`, 'use md5, sha1, sha224, sha256, sha384 or sha512');
  }
  return createHash(algorithm).update(asString(input), 'utf8').digest('hex');
}

/** Python's os.path.dirname: the part before the last slash, without trailing slashes unless it is the root. */
function pythonDirname(path: string): string {
  const cut = path.lastIndexOf('/') + 1;
  const head = path.slice(0, cut);
  return head && head !== '/'.repeat(head.length) ? head.replace(/\/+$/, '') : head;
}

export const pathAndHashFilters: FilterTable = {
  basename: (input) => asString(input).slice(asString(input).lastIndexOf('/') + 1),
  dirname: (input) => pythonDirname(asString(input)),
  // Python's os.path.realpath on the controller: `..` and symbolic links resolved; a path that does not exist
  // (yet) is still made absolute and normalized, as Python does.
  realpath(input) {
    const path = resolve(asString(input));
    try {
      return realpathSync(path);
    } catch {
      return path;
    }
  },
  splitext(input) {
    const path = asString(input);
    const ext = posix.extname(path);
    return [path.slice(0, path.length - ext.length), ext];
  },
  path_join(input) {
    const parts = typeof input === 'string' ? [input] : iterate(input, 'path_join').map(asString);
    return parts.reduce((joined, part) => (part.startsWith('/') || joined === '' ? part : joined.endsWith('/') ? joined + part : `${joined}/${part}`), '');
  },
  hash: (input, algorithm = 'sha1') => digest(input, asString(algorithm)),
  checksum: (input) => digest(input, 'sha1'),
  sha1: (input) => digest(input, 'sha1'),
  md5: (input) => digest(input, 'md5'),
};
