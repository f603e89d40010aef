import { posix } from 'node:path';
import { shellQuote } from '../connect/local.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { planAttributes } from './support/attributes.js';
import { digestFromChecksumFile, parseChecksumArg, type ChecksumAlgorithm } from './support/checksum-spec.js';
import { catUrlCommand, downloadScript, type DownloadTool } from './support/download.js';
import { formatMode, invalidModeMessage, resolveMode } from './support/mode.js';
import type { FactOutput, FactQuery, JsonObject, ModulePlan, PlanContext } from './types.js';

// ansible.builtin.get_url: a file fetched on the host (curl, else wget) into a temp file beside `dest`,
// checked against `checksum`, then renamed into place. With a checksum that the destination already has,
// or without one and without `force`, an existing destination is left alone (only its attributes are set).

export const getUrlSpec = {
  options: {
    url: { type: 'str', required: true },
    dest: { type: 'path', required: true },
    checksum: { type: 'str', default: '' },
    force: { type: 'bool', default: false },
    timeout: { type: 'int', default: 10 },
    validate_certs: { type: 'bool', default: true },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
  },
} as const;

type GetUrlArgs = ArgsOf<typeof getUrlSpec>;

interface GetUrlFacts {
  tool: DownloadTool | undefined;
  dest: PathStat;
  /** dest/<file name of the URL>, the real target when dest is a directory. */
  inside: PathStat;
  /** The digest (with the checksum's algorithm) of whichever of the two is the target, when it is a file. */
  currentDigest: string | undefined;
  /** A checksum file's text, when the checksum names a URL. */
  checksumFile: FactOutput | undefined;
}

/** The file name a URL's path ends with ('' when it ends with a slash). */
export function urlFileName(url: string): string {
  try {
    return decodeURIComponent(posix.basename(new URL(url).pathname));
  } catch {
    return '';
  }
}

function toolQuery(): FactQuery<DownloadTool | undefined> {
  return {
    command: 'if command -v curl >/dev/null 2>&1; then echo curl; elif command -v wget >/dev/null 2>&1; then echo wget; fi',
    parse: ({ stdout }) => {
      const tool = stdout.trim();
      return tool === 'curl' || tool === 'wget' ? tool : undefined;
    },
  };
}

function digestQuery(dest: string, fileName: string, algorithm: ChecksumAlgorithm | undefined): FactQuery<string | undefined> {
  if (algorithm === undefined) return { command: 'true', parse: () => undefined };
  const inside = shellQuote(posix.join(dest, fileName));
  return {
    command: `p=${shellQuote(dest)}; if [ -d "$p" ]; then p=${inside}; fi; if [ -f "$p" ]; then ${algorithm}sum < "$p" | cut -d' ' -f1; fi`,
    parse: ({ stdout }) => stdout.trim() || undefined,
  };
}

function failed(msg: string, values: JsonObject): ModulePlan {
  return { changed: false, steps: [], failed: true, msg, values };
}

/** chmod/chown/chgrp for the temp file, which gets every wanted attribute (it is a new inode). */
function tempAttributeCommands(args: GetUrlArgs, baseMode: number): string[] | { error: string } {
  const commands: string[] = [];
  if (args.mode !== undefined) {
    const mode = resolveMode(args.mode, baseMode, false);
    if (mode === undefined) return { error: invalidModeMessage(args.mode) };
    commands.push(`chmod ${formatMode(mode)} -- "$tmp"`);
  }
  if (args.owner !== undefined) commands.push(`chown ${shellQuote(args.owner)} -- "$tmp"`);
  if (args.group !== undefined) commands.push(`chgrp ${shellQuote(args.group)} -- "$tmp"`);
  return commands;
}

function expectedDigest(args: GetUrlArgs, facts: GetUrlFacts, fileName: string): { algorithm: ChecksumAlgorithm; digest: string } | { error: string } | undefined {
  if (args.checksum === '') return undefined;
  const spec = parseChecksumArg(args.checksum);
  if ('error' in spec) return spec;
  if ('digest' in spec) return spec;
  const file = facts.checksumFile;
  if (!file || file.rc !== 0) return { error: `could not read the checksum file ${spec.url} on the host: ${file?.stdout.trim() || `exit status ${file?.rc ?? 'unknown'}`}` };
  const found = digestFromChecksumFile(file.stdout, fileName, spec.algorithm, spec.url);
  return 'error' in found ? found : { algorithm: spec.algorithm, digest: found.digest };
}

function planGetUrl(args: GetUrlArgs, facts: GetUrlFacts, ctx: PlanContext): ModulePlan {
  const fileName = urlFileName(args.url);
  const intoDirectory = facts.dest.exists && facts.dest.kind === 'directory';
  if (intoDirectory && fileName === '') return failed(`cannot name a file after ${args.url}: give dest a file name`, { url: args.url, dest: args.dest });
  const dest = intoDirectory ? posix.join(args.dest, fileName) : args.dest;
  const target = intoDirectory ? facts.inside : facts.dest;
  const values: JsonObject = { url: args.url, dest, state: 'file' };
  if (!facts.tool) return failed(`get_url needs curl or wget on ${ctx.inventoryHostname}, and neither is installed (on Debian: apt-get install curl)`, values);
  const expected = expectedDigest(args, facts, fileName);
  if (expected && 'error' in expected) return failed(expected.error, values);
  if (expected) values['checksum'] = `${expected.algorithm}:${expected.digest}`;
  if (target.exists && target.kind !== 'file') return failed(`${dest} exists and is not a regular file`, values);
  const keep = target.exists && (expected ? facts.currentDigest === expected.digest : !args.force);
  const attributes = planAttributes(dest, target.exists ? target : { exists: true, kind: 'file', mode: 0o644 }, args);
  if (attributes.error) return failed(attributes.error, values);
  if (keep) {
    const steps = attributes.commands.map((command) => ({ kind: 'exec' as const, command }));
    return { changed: steps.length > 0, steps, values: { ...values, msg: 'file already exists' } };
  }
  const temp = tempAttributeCommands(args, target.mode ?? 0o644);
  if ('error' in temp) return failed(temp.error, values);
  const script = downloadScript({
    tool: facts.tool,
    url: args.url,
    dest,
    timeoutSeconds: args.timeout,
    validateCerts: args.validate_certs,
    expected,
    attributeCommands: temp,
    unchangedCommands: attributes.commands,
  });
  return {
    changed: true,
    steps: [{ kind: 'exec', command: script }],
    values: { ...values, msg: 'OK' },
    // A forced download may bring the bytes the destination has: then only its attributes may have changed.
    complete: (outputs) => {
      const same = outputs[0]?.stdout.trim().endsWith('unchanged') ?? false;
      return same ? { changed: attributes.commands.length > 0, values: { ...values, msg: 'file already exists' } } : {};
    },
  };
}

export const get_url = defineModule<typeof getUrlSpec, GetUrlFacts>(getUrlSpec, {
  name: 'get_url',
  gather(args) {
    const fileName = urlFileName(args.url);
    const spec = args.checksum === '' ? undefined : parseChecksumArg(args.checksum);
    const algorithm = spec && !('error' in spec) ? spec.algorithm : undefined;
    const checksumUrl = spec && 'url' in spec ? spec.url : undefined;
    const options = { url: checksumUrl ?? '', timeoutSeconds: args.timeout, validateCerts: args.validate_certs };
    return {
      tool: toolQuery(),
      dest: statQuery(args.dest, { follow: true }),
      inside: statQuery(posix.join(args.dest, fileName), { follow: true }),
      currentDigest: digestQuery(args.dest, fileName, algorithm),
      checksumFile:
        checksumUrl === undefined
          ? { command: 'true', parse: () => undefined }
          : {
              // The checksum file is read in check mode too, as Ansible does: it decides whether the file changes.
              command: `if command -v curl >/dev/null 2>&1; then ${catUrlCommand('curl', options)}; else ${catUrlCommand('wget', options)}; fi 2>&1`,
              parse: (output) => output,
            },
    };
  },
  plan(args, facts, _local, ctx) {
    return planGetUrl(args, facts, ctx);
  },
});
