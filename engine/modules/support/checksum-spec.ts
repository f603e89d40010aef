// get_url's `checksum` argument: `<algorithm>:<hex digest>` or `<algorithm>:<URL of a checksum file>`, and
// the checksum files themselves (sha256sum's `<digest>  <file name>` lines, or one bare digest).

export const checksumAlgorithms = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

const digestLengths: { readonly [A in ChecksumAlgorithm]: number } = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 };

export type ChecksumSpec =
  | { algorithm: ChecksumAlgorithm; digest: string }
  | { algorithm: ChecksumAlgorithm; url: string };

/** The parsed argument, or the one-line message that says what is wrong and what would be right. */
export function parseChecksumArg(value: string): ChecksumSpec | { error: string } {
  const colon = value.indexOf(':');
  const algorithm = value.slice(0, colon).toLowerCase();
  const rest = value.slice(colon + 1).trim();
  if (colon < 0 || !(checksumAlgorithms as readonly string[]).includes(algorithm)) {
    return { error: `checksum must be <algorithm>:<digest> or <algorithm>:<url> with an algorithm of ${checksumAlgorithms.join(', ')}; got ${JSON.stringify(value)}` };
  }
  const known = algorithm as ChecksumAlgorithm;
  if (/^(https?|ftp|file):\/\//i.test(rest)) return { algorithm: known, url: rest };
  return checkedDigest(known, rest, `checksum ${JSON.stringify(value)}`);
}

function checkedDigest(algorithm: ChecksumAlgorithm, digest: string, where: string): ChecksumSpec | { error: string } {
  const lower = digest.toLowerCase();
  if (!/^[0-9a-f]+$/.test(lower) || lower.length !== digestLengths[algorithm]) {
    return { error: `${where} is not a ${algorithm} digest (${digestLengths[algorithm]} hex digits)` };
  }
  return { algorithm, digest: lower };
}

/**
 * The digest for `fileName` in a checksum file, as Ansible finds it: the line whose file name (without a
 * leading `*` or `./`) is that name, else the file's only token when it holds a bare digest.
 */
export function digestFromChecksumFile(
  text: string,
  fileName: string,
  algorithm: ChecksumAlgorithm,
  source: string,
): { digest: string } | { error: string } {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  for (const line of lines) {
    const [digest, ...names] = line.split(/\s+/);
    const name = names.join(' ').replace(/^\*/, '').replace(/^\.\//, '');
    if (name === fileName && digest !== undefined) return asDigest(checkedDigest(algorithm, digest, `the ${algorithm} for ${fileName} in ${source}`));
  }
  const only = lines.length === 1 ? lines[0]!.split(/\s+/) : [];
  if (only.length === 1) return asDigest(checkedDigest(algorithm, only[0]!, `the content of ${source}`));
  return { error: `Unable to find a checksum for file '${fileName}' in '${source}'` };
}

function asDigest(spec: ChecksumSpec | { error: string }): { digest: string } | { error: string } {
  if ('error' in spec) return spec;
  return 'digest' in spec ? { digest: spec.digest } : { error: 'a checksum file may not name another URL' };
}
