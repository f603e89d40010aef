// Reads the words of an OpenSSH command line (ansible_ssh_common_args, ansible_ssh_extra_args, or the
// `ssh ...` inside a ProxyCommand) into `-o`-style options, in order. Short flags that have an `-o`
// equivalent (-p, -l, -i, -J) become that option, so that one resolver applies OpenSSH's rule: the first
// value given for an option wins.

export interface SshArgOption {
  /** The option's name, lower-cased as OpenSSH compares them: `proxyjump`, `userknownhostsfile`, ... */
  key: string;
  value: string;
}

export interface ParsedSshArgs {
  options: SshArgOption[];
  /** The first word that is not an option: `user@host` in a ProxyCommand. */
  destination?: string;
  /** The `-W host:port` of a ProxyCommand. */
  stdioForward?: string;
  /** Words that were understood but that quorum does not act on, each with the reason. */
  ignored: string[];
  /** Words that cannot be read at all. */
  errors: string[];
}

const flagToOption: ReadonlyMap<string, string> = new Map([
  ['p', 'port'],
  ['l', 'user'],
  ['i', 'identityfile'],
  ['J', 'proxyjump'],
]);
// Flags of ssh(1) that take an argument but change nothing quorum does (port forwards, ciphers, logs...).
const ignoredFlagsWithArgument = new Set(['b', 'B', 'c', 'D', 'E', 'e', 'I', 'L', 'm', 'O', 'Q', 'R', 'S', 'w']);
const flagsWithoutArgument = new Set('46AaCfGgKkMNnqsTtVvXxYy'.split(''));

/** Splits `Key=Value` or `Key Value` (both are valid after -o) into a lower-cased key and its value. */
export function splitOptionAssignment(text: string): SshArgOption | undefined {
  const match = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(text);
  if (!match) return undefined;
  return { key: (match[1] as string).toLowerCase(), value: match[2] as string };
}

export function parseSshArgs(words: readonly string[]): ParsedSshArgs {
  const parsed: ParsedSshArgs = { options: [], ignored: [], errors: [] };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    // As ssh(1) does, options are read before and after the destination; the first plain word after the
    // destination starts a remote command, which quorum never runs.
    if (!word.startsWith('-') || word === '-') {
      if (parsed.destination === undefined) {
        parsed.destination = word;
        continue;
      }
      parsed.ignored.push(`${words.slice(i).join(' ')} (a remote command is not used)`);
      break;
    }
    const flag = word[1] as string;
    const attached = word.slice(2);
    const takesArgument = flag === 'o' || flag === 'W' || flag === 'F' || flagToOption.has(flag) || ignoredFlagsWithArgument.has(flag);
    if (!takesArgument) {
      // Grouped flags such as -qT: each letter must be a flag without an argument.
      const letters = word.slice(1).split('');
      const unknown = letters.filter((l) => !flagsWithoutArgument.has(l));
      if (unknown.length > 0) parsed.errors.push(`${word}: ssh has no flag -${unknown.join(', -')}`);
      continue;
    }
    let argument = attached;
    if (argument === '') {
      if (i + 1 >= words.length) {
        parsed.errors.push(`${word} needs a value after it`);
        continue;
      }
      argument = words[++i] as string;
    }
    if (flag === 'o') {
      const option = splitOptionAssignment(argument);
      if (option) parsed.options.push(option);
      else parsed.errors.push(`-o ${argument}: expected Key=Value, for example -o ProxyJump=user@bastion:22`);
    } else if (flag === 'W') {
      parsed.stdioForward = argument;
    } else if (flag === 'F') {
      parsed.ignored.push(`-F ${argument} (ssh config files are not read: put the options in ansible_ssh_common_args)`);
    } else if (flagToOption.has(flag)) {
      parsed.options.push({ key: flagToOption.get(flag) as string, value: argument });
    } else {
      parsed.ignored.push(`-${flag} ${argument}`);
    }
  }
  return parsed;
}
