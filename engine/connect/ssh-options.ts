import { posix } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { firstValues, hostKeyCheckingValue, knownHostsList, OptionReader, type TaggedOption } from './option-reader.js';
import { splitShellWords } from './shell-words.js';
import { parseSshArgs } from './ssh-args.js';
import { jumpFromProxyCommand, jumpsFromProxyJump, type HopDefaults } from './ssh-jumps.js';
import { sshDefaults, type HostKeyChecking, type HostVariables, type SshHop, type SshOptionsContext, type SshTarget, type SshTargetResult } from './ssh-target.js';

export type { HostKeyChecking, HostVariables, SshHop, SshOptionsContext, SshTarget, SshTargetResult } from './ssh-target.js';
export { sshDefaults } from './ssh-target.js';
export { parseJumpSpec } from './ssh-jumps.js';

// From one host's merged variables (Ansible's names, and a few of ours) to a typed description of how to reach
// it over SSH. Pure: the home directory and local user come in through the context, nothing is read here.
//
// Options are collected in the order ansible-core's ssh plugin writes them on the ssh command line
// (ansible_ssh_args, then the port, key, user and timeout variables, then ansible_ssh_common_args, then
// ansible_ssh_extra_args), and, as in OpenSSH, the first value given for an option wins. So ansible_port beats
// `-p` in the common args, exactly as it does for ansible-playbook.

// Options that change nothing for quorum: it already keeps one persistent connection per host (the Control*
// options), never prompts (BatchMode), and picks its own authentication order.
const optionsWithoutEffect = new Set([
  'controlmaster', 'controlpersist', 'controlpath', 'batchmode', 'loglevel', 'compression', 'identitiesonly',
  'preferredauthentications', 'passwordauthentication', 'pubkeyauthentication', 'kbdinteractiveauthentication',
  'gssapiauthentication', 'tcpkeepalive', 'addkeystoagent', 'checkhostip', 'hashknownhosts', 'updatehostkeys',
  'forwardagent', 'requesttty', 'visualhostkey', 'userknownhostsfile2',
]);

/** Reads a variable that must be a string or number (INI gives numbers, YAML may give either). */
function scalarVar(vars: HostVariables, names: readonly string[], reader: OptionReader): { name: string; text: string } | undefined {
  for (const name of names) {
    const value = vars[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' || typeof value === 'number') return { name, text: String(value) };
    reader.problems.push({ key: name, message: `expected a string or a number, got ${Array.isArray(value) ? 'a list' : typeof value}` });
    return undefined;
  }
  return undefined;
}

function booleanVar(vars: HostVariables, names: readonly string[], reader: OptionReader): boolean | undefined {
  for (const name of names) {
    const value = vars[name];
    if (value === undefined || value === null) continue;
    if (typeof value === 'boolean') return value;
    const text = String(value).toLowerCase();
    if (['yes', 'true', 'on', '1'].includes(text)) return true;
    if (['no', 'false', 'off', '0'].includes(text)) return false;
    reader.problems.push({ key: name, message: `${JSON.stringify(value)} is not a boolean`, hint: 'use true or false' });
    return undefined;
  }
  return undefined;
}

function argsVar(vars: HostVariables, name: string, reader: OptionReader): TaggedOption[] {
  const value = vars[name];
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') {
    reader.problems.push({ key: name, message: `expected a string of ssh arguments, got ${Array.isArray(value) ? 'a list' : typeof value}` });
    return [];
  }
  const split = splitShellWords(value);
  if (!split.ok) {
    reader.problems.push({ key: name, message: split.error, hint: 'close the quote' });
    return [];
  }
  const parsed = parseSshArgs(split.words);
  for (const error of parsed.errors) reader.problems.push({ key: name, message: error });
  for (const ignored of parsed.ignored) reader.problems.push({ key: name, message: `ignored: ${ignored}`, severity: 'warning' });
  if (parsed.destination !== undefined)
    reader.problems.push({ key: name, message: `ignored: ${parsed.destination} (the destination comes from ansible_host)`, severity: 'warning' });
  return parsed.options.map((option) => ({ ...option, source: name }));
}

export function sshTargetFromVars(name: string, vars: HostVariables, context: SshOptionsContext): SshTargetResult {
  const reader = new OptionReader(context);
  const options: TaggedOption[] = [...argsVar(vars, 'ansible_ssh_args', reader)];
  const addVar = (key: string, found: { name: string; text: string } | undefined): void => {
    if (found) options.push({ key, value: found.text, source: found.name });
  };
  const checkingVar = booleanVar(vars, ['ansible_ssh_host_key_checking', 'ansible_host_key_checking'], reader);
  if (checkingVar === false) options.push({ key: 'stricthostkeychecking', value: 'no', source: 'ansible_host_key_checking' });
  addVar('port', scalarVar(vars, ['ansible_port', 'ansible_ssh_port'], reader));
  addVar('identityfile', scalarVar(vars, ['ansible_ssh_private_key_file', 'ansible_private_key_file'], reader));
  addVar('user', scalarVar(vars, ['ansible_user', 'ansible_ssh_user', 'ansible_remote_user'], reader));
  addVar('connecttimeout', scalarVar(vars, ['ansible_ssh_timeout', 'ansible_timeout'], reader));
  addVar('proxyjump', scalarVar(vars, ['quorum_jump_host'], reader));
  options.push(...argsVar(vars, 'ansible_ssh_common_args', reader), ...argsVar(vars, 'ansible_ssh_extra_args', reader));

  for (const passwordVar of ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']) {
    if (vars[passwordVar] !== undefined && vars[passwordVar] !== null)
      reader.problems.push({ key: passwordVar, message: 'ignored: quorum logs in with keys only, never with a password', severity: 'warning', hint: 'set ansible_ssh_private_key_file, or load the key into ssh-agent' });
  }

  const { first, identityFiles } = firstValues(options);
  const hostVar = scalarVar(vars, ['ansible_host', 'ansible_ssh_host'], reader);
  const portOption = first.get('port');
  const userOption = first.get('user');
  const timeoutOption = first.get('connecttimeout');
  const intervalOption = first.get('serveraliveinterval');
  const countOption = first.get('serveralivecountmax');
  const attemptsOption = first.get('connectionattempts');
  const retriesVar = scalarVar(vars, ['ansible_ssh_retries'], reader);
  const checkingOption = first.get('stricthostkeychecking');

  const inventoryKnownHosts = scalarVar(vars, ['quorum_known_hosts_file'], reader);
  const userKnownHosts = first.get('userknownhostsfile');
  const knownHostsFiles = [
    ...(inventoryKnownHosts ? [reader.expandPath(inventoryKnownHosts.text)] : []),
    ...(userKnownHosts ? knownHostsList(userKnownHosts.value, reader) : [posix.join(context.homeDir, '.ssh/known_hosts')]),
    ...(first.has('globalknownhostsfile') ? knownHostsList(first.get('globalknownhostsfile')?.value ?? '', reader) : []),
  ];
  let hostKeyChecking: HostKeyChecking = (checkingOption && hostKeyCheckingValue(checkingOption, reader)) ?? 'strict';
  if (hostKeyChecking === 'strict' && context.acceptNewHostKeys) hostKeyChecking = 'accept-new';
  if (hostKeyChecking === 'off')
    reader.problems.push({ key: checkingOption?.source ?? 'ansible_host_key_checking', message: 'host keys are not checked for this host', severity: 'warning', hint: 'remove StrictHostKeyChecking=no, or use --accept-new-host-keys' });

  const alias = first.get('hostkeyalias');
  const hop: SshHop = {
    host: hostVar?.text ?? name,
    port: (portOption && reader.integer(portOption.source, portOption.value, 1, 65535, 'a port number')) ?? sshDefaults.port,
    user: userOption?.value || context.localUser,
    identityFiles: identityFiles.map((o) => reader.expandPath(o.value)),
    knownHostsFiles,
    ...(alias ? { hostKeyAlias: alias.value } : {}),
    hostKeyChecking,
  };

  const hopDefaults: HopDefaults = { user: context.localUser, identityFiles: hop.identityFiles, knownHostsFiles, hostKeyChecking };
  const proxyJump = first.get('proxyjump');
  const proxyCommand = first.get('proxycommand');
  // OpenSSH: whichever of ProxyJump and ProxyCommand comes first is used.
  const jumps =
    proxyJump && (!proxyCommand || options.indexOf(proxyJump) < options.indexOf(proxyCommand))
      ? jumpsFromProxyJump(proxyJump, hopDefaults, reader)
      : proxyCommand
        ? jumpFromProxyCommand(proxyCommand, hopDefaults, reader)
        : [];

  const seconds = (option: TaggedOption | undefined, min: number, fallbackMs: number): number => {
    if (!option) return fallbackMs;
    const value = reader.integer(option.source, option.value, min, 86_400, 'a number of seconds');
    return value === undefined ? fallbackMs : value * 1000;
  };
  const attempts = attemptsOption ? reader.integer(attemptsOption.source, attemptsOption.value, 1, 100, 'a number of attempts') : undefined;
  const retries = retriesVar ? reader.integer(retriesVar.name, retriesVar.text, 0, 100, 'a number of retries') : undefined;

  for (const option of first.values()) {
    const handled = ['port', 'user', 'connecttimeout', 'serveraliveinterval', 'serveralivecountmax', 'connectionattempts', 'stricthostkeychecking', 'userknownhostsfile', 'globalknownhostsfile', 'hostkeyalias', 'proxyjump', 'proxycommand'];
    if (handled.includes(option.key) || optionsWithoutEffect.has(option.key)) continue;
    reader.problems.push({ key: option.source, message: `ignored: -o ${option.key}=${option.value} (quorum does not act on this ssh option)`, severity: 'warning' });
  }

  const target: SshTarget = {
    ...hop,
    name,
    jumps,
    connectTimeoutMs: seconds(timeoutOption, 1, sshDefaults.connectTimeoutMs),
    keepaliveIntervalMs: seconds(intervalOption, 0, sshDefaults.keepaliveIntervalMs),
    keepaliveCountMax: countOption ? (reader.integer(countOption.source, countOption.value, 0, 1000, 'a count') ?? sshDefaults.keepaliveCountMax) : sshDefaults.keepaliveCountMax,
    retries: retries ?? (attempts !== undefined ? attempts - 1 : sshDefaults.retries),
  };
  const diagnostics: Diagnostic[] = reader.problems.map((p) => ({
    severity: p.severity ?? 'error',
    code: p.severity === 'warning' ? 'QUORUM_SSH_OPTION_IGNORED' : 'QUORUM_SSH_OPTION',
    message: `host ${name}: ${p.key}: ${p.message}`,
    ...(p.hint ? { hint: p.hint } : {}),
  }));
  return { target, diagnostics };
}
