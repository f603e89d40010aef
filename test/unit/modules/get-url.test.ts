import { describe, expect, it } from 'vitest';
import type { PathStat } from '../../../engine/modules/facts/stat.js';
import { get_url, urlFileName } from '../../../engine/modules/get_url.js';
import { digestFromChecksumFile, parseChecksumArg } from '../../../engine/modules/support/checksum-spec.js';
import { downloadScript, fetchCommand } from '../../../engine/modules/support/download.js';
import type { FactOutput, JsonObject } from '../../../engine/modules/types.js';
import { absentStat, directoryStat, fileStat, planContext, planFor } from './plan-context.js';

// get_url: the checksum argument and checksum files, the fetch commands, and when a download happens.

const digest = 'a'.repeat(64);
const other = 'b'.repeat(64);
const url = 'http://127.0.44.9:8080/dl/etcd-v3.4.23-linux-amd64.tar.gz';

describe('checksum argument', () => {
  it.each<[string, ReturnType<typeof parseChecksumArg>]>([
    [`sha256:${digest}`, { algorithm: 'sha256', digest }],
    [`SHA256:${digest.toUpperCase()}`, { algorithm: 'sha256', digest }],
    ['sha256:http://h/SHA256SUMS', { algorithm: 'sha256', url: 'http://h/SHA256SUMS' }],
    ['md5:0123456789abcdef0123456789abcdef', { algorithm: 'md5', digest: '0123456789abcdef0123456789abcdef' }],
    [digest, { error: `checksum must be <algorithm>:<digest> or <algorithm>:<url> with an algorithm of md5, sha1, sha224, sha256, sha384, sha512; got "${digest}"` }],
    ['crc32:abcd', { error: 'checksum must be <algorithm>:<digest> or <algorithm>:<url> with an algorithm of md5, sha1, sha224, sha256, sha384, sha512; got "crc32:abcd"' }],
    ['sha256:abc', { error: 'checksum "sha256:abc" is not a sha256 digest (64 hex digits)' }],
  ])('%s', (value, expected) => {
    expect(parseChecksumArg(value)).toEqual(expected);
  });
});

describe('checksum files', () => {
  it.each<[string, string, ReturnType<typeof digestFromChecksumFile>]>([
    ['sha256sum lines: the one naming the file', `${other}  other.tar.gz\n${digest}  etcd.tar.gz\n`, { digest }],
    ['binary-mode star and ./ prefixes', `${digest} *./etcd.tar.gz\n`, { digest }],
    ['one bare digest', `${digest}\n`, { digest }],
    ['comments and blank lines skipped', `# sums\n\n${digest}  etcd.tar.gz\n`, { digest }],
    ['no line for the file', `${other}  other.tar.gz\n`, { error: "Unable to find a checksum for file 'etcd.tar.gz' in 'http://h/SUMS'" }],
    ['a line for the file that is no sha256', 'abc  etcd.tar.gz\n', { error: 'the sha256 for etcd.tar.gz in http://h/SUMS is not a sha256 digest (64 hex digits)' }],
  ])('%s', (_title, text, expected) => {
    expect(digestFromChecksumFile(text, 'etcd.tar.gz', 'sha256', 'http://h/SUMS')).toEqual(expected);
  });
});

describe('fetch commands', () => {
  it.each<[string, 'curl' | 'wget', boolean, string]>([
    ['curl', 'curl', true, "curl -fsSL --connect-timeout 10 --speed-time 10 --speed-limit 1 -o \"$tmp\" 'http://h/a b'"],
    ['curl without certificate checks', 'curl', false, "curl -fsSL -k --connect-timeout 10 --speed-time 10 --speed-limit 1 -o \"$tmp\" 'http://h/a b'"],
    ['wget', 'wget', true, "wget -nv --timeout=10 -O \"$tmp\" 'http://h/a b'"],
    ['wget without certificate checks', 'wget', false, "wget -nv --no-check-certificate --timeout=10 -O \"$tmp\" 'http://h/a b'"],
  ])('%s', (_title, tool, validateCerts, command) => {
    expect(fetchCommand(tool, { url: 'http://h/a b', timeoutSeconds: 10, validateCerts }, '"$tmp"')).toBe(command);
  });

  it('a download goes to a temp file beside dest, is checked, then renamed', () => {
    const script = downloadScript({
      tool: 'curl',
      url: 'http://h/e.tgz',
      dest: '/opt/etcd/archives/e.tgz',
      timeoutSeconds: 5,
      validateCerts: true,
      expected: { algorithm: 'sha256', digest },
      attributeCommands: ['chmod 0600 -- "$tmp"'],
      unchangedCommands: [],
    });
    expect(script.split('\n')).toEqual([
      'tmp=$(mktemp /opt/etcd/archives/.e.tgz.quorum-get_url.XXXXXX) || exit 1',
      `if ! err=$(curl -fsSL --connect-timeout 5 --speed-time 5 --speed-limit 1 -o "$tmp" http://h/e.tgz 2>&1); then rm -f -- "$tmp"; printf '%s\\n' 'Request failed: http://h/e.tgz:'" $err" >&2; exit 1; fi`,
      `got=$(sha256sum < "$tmp" | cut -d' ' -f1)`,
      `if [ "$got" != ${digest} ]; then rm -f -- "$tmp"; echo 'The sha256 checksum of http://h/e.tgz did not match: expected ${digest}, got'" $got" >&2; exit 1; fi`,
      'if [ -f /opt/etcd/archives/e.tgz ] && cmp -s -- "$tmp" /opt/etcd/archives/e.tgz; then rm -f -- "$tmp"; echo unchanged; exit 0; fi',
      'if [ -e /opt/etcd/archives/e.tgz ]; then chmod --reference=/opt/etcd/archives/e.tgz -- "$tmp" && chown --reference=/opt/etcd/archives/e.tgz -- "$tmp" || { rm -f -- "$tmp"; exit 1; }; else chmod 0644 -- "$tmp"; fi',
      'chmod 0600 -- "$tmp" || { rm -f -- "$tmp"; exit 1; }',
      'mv -f -- "$tmp" /opt/etcd/archives/e.tgz || { rm -f -- "$tmp"; exit 1; }',
      'echo changed',
    ]);
  });
});

describe('get_url plans', () => {
  interface Facts {
    tool: 'curl' | 'wget' | undefined;
    dest: PathStat;
    inside: PathStat;
    currentDigest: string | undefined;
    checksumFile: FactOutput | undefined;
  }
  const facts = (overrides: Partial<Facts>): Facts => ({
    tool: 'curl',
    dest: absentStat,
    inside: absentStat,
    currentDigest: undefined,
    checksumFile: undefined,
    ...overrides,
  });
  const dest = '/opt/etcd/archives/etcd.tgz';
  const existing = fileStat('bytes', { mode: 0o644 });

  it.each<[string, JsonObject, Facts, boolean, 'download' | 'none' | string[]]>([
    ['a missing dest is downloaded', { url, dest }, facts({}), true, 'download'],
    ['an existing dest without checksum or force is kept', { url, dest }, facts({ dest: existing }), false, 'none'],
    ['an existing dest with force is fetched again', { url, dest, force: true }, facts({ dest: existing }), true, 'download'],
    ['the checksum matches: kept', { url, dest, checksum: `sha256:${digest}` }, facts({ dest: existing, currentDigest: digest }), false, 'none'],
    ['the checksum matches, force or not: kept', { url, dest, checksum: `sha256:${digest}`, force: true }, facts({ dest: existing, currentDigest: digest }), false, 'none'],
    ['the checksum differs: fetched again', { url, dest, checksum: `sha256:${digest}` }, facts({ dest: existing, currentDigest: other }), true, 'download'],
    ['kept, with another mode: chmod only', { url, dest, mode: '0600' }, facts({ dest: existing }), true, ['chmod 0600 -- /opt/etcd/archives/etcd.tgz']],
    [
      'a checksum file on the web',
      { url, dest, checksum: 'sha256:http://127.0.44.9:8080/dl/SHA256SUMS' },
      facts({ dest: existing, currentDigest: digest, checksumFile: { rc: 0, stdout: `${digest}  etcd-v3.4.23-linux-amd64.tar.gz\n` } }),
      false,
      'none',
    ],
  ])('%s', (_title, args, gathered, changed, steps) => {
    const plan = planFor(get_url, args, gathered, undefined);
    const described = plan.steps.map((s) => (s.kind === 'exec' && s.command.startsWith('tmp=$(mktemp') ? 'download' : s.kind === 'exec' ? s.command : s.kind));
    const expected = steps === 'download' ? ['download'] : steps === 'none' ? [] : steps;
    expect([plan.failed ?? false, plan.changed, described]).toEqual([false, changed, expected]);
  });

  it('a directory dest takes the file name of the URL', () => {
    const plan = planFor(get_url, { url, dest: '/opt/etcd/archives' }, facts({ dest: directoryStat }), undefined);
    expect(plan.values['dest']).toBe('/opt/etcd/archives/etcd-v3.4.23-linux-amd64.tar.gz');
  });

  it('a forced download identical to dest reports no change', () => {
    const plan = planFor(get_url, { url, dest, force: true }, facts({ dest: existing }), undefined);
    const output = { rc: 0, stdout: 'unchanged\n', stderr: '', startedAt: new Date(0), endedAt: new Date(0) };
    expect(plan.complete?.([output])).toMatchObject({ changed: false });
  });

  it.each<[string, JsonObject, Facts, string]>([
    ['no curl and no wget', { url, dest }, facts({ tool: undefined }), 'get_url needs curl or wget on h1, and neither is installed (on Debian: apt-get install curl)'],
    ['a bad checksum argument', { url, dest, checksum: 'sha256:xyz' }, facts({}), 'checksum "sha256:xyz" is not a sha256 digest (64 hex digits)'],
    ['an unreadable checksum file', { url, dest, checksum: 'sha256:http://h/SUMS' }, facts({ checksumFile: { rc: 22, stdout: 'curl: (22) The requested URL returned error: 404\n' } }),
      'could not read the checksum file http://h/SUMS on the host: curl: (22) The requested URL returned error: 404'],
    ['a directory dest and a URL without a file name', { url: 'http://h/', dest: '/opt' }, facts({ dest: directoryStat }), 'cannot name a file after http://h/: give dest a file name'],
    ['dest is a directory link target elsewhere', { url, dest }, facts({ dest: { exists: true, kind: 'other' } }), '/opt/etcd/archives/etcd.tgz exists and is not a regular file'],
  ])('fails: %s', (_title, args, gathered, msg) => {
    const plan = planFor(get_url, args, gathered, undefined, planContext());
    expect([plan.failed, plan.msg]).toEqual([true, msg]);
  });

  it.each<[string, string]>([
    [url, 'etcd-v3.4.23-linux-amd64.tar.gz'],
    ['http://h/a%20b.tgz?x=1', 'a b.tgz'],
    ['http://h/', ''],
    ['not a url', ''],
  ])('the file name of %s', (value, name) => {
    expect(urlFileName(value)).toBe(name);
  });
});
