import { posix } from 'node:path';
import { shellQuote } from '../../connect/local.js';
import type { ChecksumAlgorithm } from './checksum-spec.js';

// The shell that get_url runs on the host: fetch with curl or wget into a temp file beside the destination,
// check the digest, and rename it over the destination (a reader never sees a half-written file). It prints
// `changed`, or `unchanged` when a forced download has the bytes the destination already holds.

export type DownloadTool = 'curl' | 'wget';

export interface FetchOptions {
  url: string;
  timeoutSeconds: number;
  validateCerts: boolean;
}

/** The command that writes the URL's body to the file named by "$1"; on failure prints why on stderr. */
export function fetchCommand(tool: DownloadTool, options: FetchOptions, output: string): string {
  const url = shellQuote(options.url);
  if (tool === 'curl') {
    // --speed-time/--speed-limit: like Ansible's timeout, a stalled transfer fails; a slow large one does not.
    const t = options.timeoutSeconds;
    const insecure = options.validateCerts ? '' : ' -k';
    return `curl -fsSL${insecure} --connect-timeout ${t} --speed-time ${t} --speed-limit 1 -o ${output} ${url}`;
  }
  const insecure = options.validateCerts ? '' : ' --no-check-certificate';
  return `wget -nv${insecure} --timeout=${options.timeoutSeconds} -O ${output} ${url}`;
}

/** Prints a URL's body on stdout (checksum files, read while facts are gathered). */
export function catUrlCommand(tool: DownloadTool, options: FetchOptions): string {
  return fetchCommand(tool, options, '-');
}

export interface DownloadRequest extends FetchOptions {
  tool: DownloadTool;
  dest: string;
  expected?: { algorithm: ChecksumAlgorithm; digest: string } | undefined;
  /** Commands that set the wanted attributes on "$tmp" (a new file) before it is renamed into place. */
  attributeCommands: readonly string[];
  /** Commands for the destination when the download turns out identical to it. */
  unchangedCommands: readonly string[];
}

export function downloadScript(request: DownloadRequest): string {
  const dest = shellQuote(request.dest);
  const template = shellQuote(posix.join(posix.dirname(request.dest), `.${posix.basename(request.dest)}.quorum-get_url.XXXXXX`));
  const lines = [
    `tmp=$(mktemp ${template}) || exit 1`,
    `if ! err=$(${fetchCommand(request.tool, request, '"$tmp"')} 2>&1); then rm -f -- "$tmp"; printf '%s\\n' ${shellQuote(`Request failed: ${request.url}:`)}" $err" >&2; exit 1; fi`,
  ];
  if (request.expected) {
    const { algorithm, digest } = request.expected;
    lines.push(
      `got=$(${algorithm}sum < "$tmp" | cut -d' ' -f1)`,
      `if [ "$got" != ${digest} ]; then rm -f -- "$tmp"; echo ${shellQuote(`The ${algorithm} checksum of ${request.url} did not match: expected ${digest}, got`)}" $got" >&2; exit 1; fi`,
    );
  }
  lines.push(
    `if [ -f ${dest} ] && cmp -s -- "$tmp" ${dest}; then rm -f -- "$tmp"; ${[...request.unchangedCommands, 'echo unchanged'].join('; ')}; exit 0; fi`,
    // mktemp makes the file 0600; an existing destination's mode and owner carry over, a new one gets 0644.
    `if [ -e ${dest} ]; then chmod --reference=${dest} -- "$tmp" && chown --reference=${dest} -- "$tmp" || { rm -f -- "$tmp"; exit 1; }; else chmod 0644 -- "$tmp"; fi`,
    ...request.attributeCommands.map((command) => `${command} || { rm -f -- "$tmp"; exit 1; }`),
    `mv -f -- "$tmp" ${dest} || { rm -f -- "$tmp"; exit 1; }`,
    'echo changed',
  );
  return lines.join('\n');
}
