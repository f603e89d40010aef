import { posix } from 'node:path';
import { hostKeyCheckingValue, knownHostsList, firstValues, type OptionReader, type TaggedOption } from './option-reader.js';
import { splitShellWords } from './shell-words.js';
import { parseSshArgs } from './ssh-args.js';
import { sshDefaults, type HostKeyChecking, type SshHop } from './ssh-target.js';

// Jump hosts, from `-o ProxyJump=` / `-J` / quorum_jump_host, or from a ProxyCommand that is an `ssh -W %h:%p`.

/** `[ssh://][user@]host[:port]`, with `[v6addr]:port` for IPv6. */
export function parseJumpSpec(spec: string): { user?: string; host: string; port?: number } | undefined {
  const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]\s]+\]|[^:@\s/]+)(?::(\d+))?\/?$/.exec(spec.trim());
  if (!match) return undefined;
  const host = (match[2] as string).replace(/^\[(.*)\]$/, '$1');
  const port = match[3] === undefined ? undefined : Number(match[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { ...(match[1] ? { user: match[1] } : {}), host, ...(port !== undefined ? { port } : {}) };
}

export interface HopDefaults {
  user: string;
  identityFiles: string[];
  knownHostsFiles: string[];
  hostKeyChecking: HostKeyChecking;
}

export function jumpsFromProxyJump(option: TaggedOption, defaults: HopDefaults, reader: OptionReader): SshHop[] {
  if (option.value.toLowerCase() === 'none') return [];
  const hops: SshHop[] = [];
  for (const spec of option.value.split(',')) {
    const jump = parseJumpSpec(spec);
    if (!jump) {
      reader.problems.push({ key: option.source, message: `ProxyJump ${JSON.stringify(spec)} is not [user@]host[:port]`, hint: 'for example -o ProxyJump=admin@bastion.example.com:22' });
      continue;
    }
    hops.push({ ...defaults, host: jump.host, port: jump.port ?? sshDefaults.port, user: jump.user ?? defaults.user });
  }
  return hops;
}

// Kubespray's bastion writes `-o ProxyCommand="ssh ... -W %h:%p -p PORT USER@HOST"`: that is a jump host, and
// quorum runs it as one over the same ssh2 connection machinery instead of spawning ssh.
export function jumpFromProxyCommand(option: TaggedOption, defaults: HopDefaults, reader: OptionReader): SshHop[] {
  if (option.value.toLowerCase() === 'none') return [];
  const unsupported = (why: string): SshHop[] => {
    reader.problems.push({ key: option.source, message: `ProxyCommand ${JSON.stringify(option.value)}: ${why}`, hint: 'use -o ProxyJump=user@host:port, or ProxyCommand="ssh -W %h:%p user@host"' });
    return [];
  };
  const split = splitShellWords(option.value);
  if (!split.ok) return unsupported(split.error);
  const [program, ...words] = split.words;
  if (program === undefined || posix.basename(program) !== 'ssh') return unsupported('only an `ssh -W %h:%p` command can be run as a jump host');
  const parsed = parseSshArgs(words);
  if (parsed.errors.length > 0) return unsupported(parsed.errors.join('; '));
  if (parsed.stdioForward !== '%h:%p') return unsupported('the inner ssh must forward with -W %h:%p');
  if (parsed.destination === undefined) return unsupported('the inner ssh names no host');
  const jump = parseJumpSpec(parsed.destination);
  if (!jump) return unsupported(`${parsed.destination} is not [user@]host[:port]`);
  const inner = parsed.options.map((o) => ({ ...o, source: option.source }));
  const { first, identityFiles } = firstValues(inner);
  const portOption = first.get('port');
  const port = portOption ? reader.integer(option.source, portOption.value, 1, 65535, 'a port number') : undefined;
  const checking = first.get('stricthostkeychecking');
  const knownHosts = first.get('userknownhostsfile');
  return [
    {
      host: jump.host,
      port: port ?? jump.port ?? sshDefaults.port,
      user: first.get('user')?.value ?? jump.user ?? defaults.user,
      identityFiles: [...identityFiles.map((o) => reader.expandPath(o.value)), ...defaults.identityFiles],
      knownHostsFiles: knownHosts ? knownHostsList(knownHosts.value, reader) : defaults.knownHostsFiles,
      hostKeyChecking: (checking && hostKeyCheckingValue(checking, reader)) ?? defaults.hostKeyChecking,
    },
  ];
}
