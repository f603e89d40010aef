import { posix } from 'node:path';
import { shellQuote } from './shell-quote.js';

// The shell script that writes a file as the become user, content on stdin: a private temp file beside the
// target (so that the final rename stays on one file system and is atomic), its mode and owner set BEFORE the
// rename so that the file never exists under its name with the wrong ones, and the temp file removed on any
// failure. Without a mode or owner given, an existing file keeps its own (a 0600 key never turns 0644).

export interface PutScriptOptions {
  mode?: number;
  owner?: string;
  group?: string;
}

export function tempPathBeside(path: string, token: string): string {
  return posix.join(posix.dirname(path), `.${posix.basename(path)}.quorum-${token}`);
}

export function putScript(path: string, token: string, options: PutScriptOptions): string {
  const dest = shellQuote(path);
  const tmp = shellQuote(tempPathBeside(path, token));
  const mode = options.mode !== undefined ? `chmod ${options.mode.toString(8).padStart(4, '0')} ${tmp}` : `if [ -e ${dest} ]; then chmod --reference=${dest} ${tmp}; else chmod 0644 ${tmp}; fi`;
  const ownership = options.owner !== undefined || options.group !== undefined ? `${options.owner ?? ''}${options.group !== undefined ? `:${options.group}` : ''}` : undefined;
  const owner = ownership !== undefined ? `chown ${shellQuote(ownership)} ${tmp}` : `if [ -e ${dest} ]; then chown --reference=${dest} ${tmp}; fi`;
  return [
    'set -e',
    `trap 'rm -f ${tmp.replace(/'/g, `'\\''`)}' EXIT`,
    'umask 077',
    `mkdir -p ${shellQuote(posix.dirname(path))}`,
    `cat > ${tmp}`,
    mode,
    owner,
    `mv -f ${tmp} ${dest}`,
    'trap - EXIT',
  ].join('\n');
}
