import { shellQuote } from '../../connect/local.js';
import type { ServiceUnit, UnitWord } from './unit-file.js';

// The service back end for hosts without systemd (containers, the lab): the service is still defined by its
// systemd unit file, so a role is the same on both. Start runs ExecStart detached (setsid, as User/Group,
// with the unit's environment, output to /var/log/NAME.log) and records /run/quorum/NAME.pid; stop sends
// SIGTERM, waits up to TimeoutStopSec, then SIGKILL; enabled is the multi-user.target.wants link that
// `systemctl enable` would make. Scripts travel on stdin and start from an empty environment, as systemd's do.

export const pidDir = '/run/quorum';
export const unitDirs = ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'];
export const wantsDir = '/etc/systemd/system/multi-user.target.wants';

/** The command that runs a back-end script (given on stdin) with the environment systemd gives services. */
export const cleanShell = 'env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /bin/sh -s';

export function pidFile(name: string): string {
  return `${pidDir}/${name}.pid`;
}

export function logFile(name: string): string {
  return `/var/log/${name}.log`;
}

/** alive PID: the process exists and is not a zombie (a container's init may never reap it). */
const aliveFunction = `alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(sed -n 's/^.*) \\(.\\).*$/\\1/p' /proc/"$1"/stat 2>/dev/null)" != Z ]; }`;

/** Reads a systemd EnvironmentFile: KEY=VALUE lines, comments, and quotes around the value. */
const loadEnvFunction = [
  'load_env() {',
  '  while IFS= read -r line || [ -n "$line" ]; do',
  '    case $line in \'\'|\'#\'*|\';\'*) continue ;; esac',
  '    key=${line%%=*}; value=${line#*=}',
  '    key=$(printf %s "$key" | tr -d \' \\t\')',
  '    case $value in \\"*\\") value=${value#\\"}; value=${value%\\"} ;; \\\'*\\\') value=${value#\\\'}; value=${value%\\\'} ;; esac',
  '    export "$key=$value"',
  '  done < "$1"',
  '}',
].join('\n');

/** One shell word for a unit word: literal text quoted, ${VAR} inside double quotes, a lone $VAR split. */
export function shellWord(word: UnitWord): string {
  if (word.splits) {
    const part = word.parts[0];
    return part && 'variable' in part ? `$${part.variable}` : '';
  }
  return word.parts.map((part) => ('text' in part ? shellQuote(part.text) : `"\${${part.variable}}"`)).join('') || "''";
}

/** The lines that set up the unit's environment and working directory. */
function environmentLines(unit: ServiceUnit): string[] {
  const lines = [loadEnvFunction];
  if (unit.user !== undefined) {
    const home = `$(getent passwd ${shellQuote(unit.user)} | cut -d: -f6)`;
    lines.push(`export USER=${shellQuote(unit.user)} LOGNAME=${shellQuote(unit.user)} HOME="${home}"`);
  }
  for (const [key, value] of unit.environment) lines.push(`export ${key}=${shellQuote(value)}`);
  for (const file of unit.environmentFiles) {
    const path = shellQuote(file.path);
    lines.push(
      file.optional
        ? `if [ -r ${path} ]; then load_env ${path}; fi`
        : `if [ -r ${path} ]; then load_env ${path}; else echo "EnvironmentFile ${file.path} is missing" >&2; exit 1; fi`,
    );
  }
  lines.push(`cd ${shellQuote(unit.workingDirectory ?? '/')} || exit 1`);
  return lines;
}

function asUser(unit: ServiceUnit): string {
  if (unit.user === undefined) return '';
  const group = unit.group ?? `$(id -g ${shellQuote(unit.user)})`;
  return `setpriv --reuid=${shellQuote(unit.user)} --regid=${unit.group !== undefined ? shellQuote(group) : group} --init-groups -- `;
}

export function startScript(name: string, unit: ServiceUnit): string {
  const pid = shellQuote(pidFile(name));
  const log = shellQuote(logFile(name));
  return [
    aliveFunction,
    `if [ -f ${pid} ] && alive "$(cat ${pid})"; then exit 0; fi`,
    ...environmentLines(unit),
    `mkdir -p ${pidDir} /var/log || exit 1`,
    `setsid ${asUser(unit)}${unit.execStart.map(shellWord).join(' ')} </dev/null >>${log} 2>&1 &`,
    'pid=$!',
    `echo "$pid" > ${pid}`,
    // A service that dies at once (bad flag, port taken) should fail the task, not a later health check.
    'sleep 0.5',
    `if ! alive "$pid"; then rm -f ${pid}; echo "${name} exited at once; the end of ${logFile(name)}:" >&2; tail -n 20 ${log} >&2; exit 1; fi`,
  ].join('\n');
}

export function stopScript(name: string, unit: ServiceUnit): string {
  const pid = shellQuote(pidFile(name));
  // Polled every 20 ms: the stop is on the critical path of every batch of a rolling restart, and 0.1 s steps
  // cost 50 ms of it on average (a `sleep` every 20 ms for a second or two is nothing to the host). Each poll
  // takes a little more than its sleep, so SIGKILL comes at TimeoutStopSec or somewhat later, never sooner.
  const steps = Math.max(1, Math.round(unit.timeoutStopSec * 50));
  return [
    aliveFunction,
    `[ -f ${pid} ] || exit 0`,
    `p=$(cat ${pid})`,
    'if alive "$p"; then',
    '  kill -TERM "$p"',
    '  i=0',
    '  while alive "$p"; do',
    `    if [ $i -ge ${steps} ]; then kill -KILL "$p"; sleep 0.2; break; fi`,
    '    sleep 0.02; i=$((i + 1))',
    '  done',
    'fi',
    `rm -f ${pid}`,
  ].join('\n');
}

export function reloadScript(name: string, unit: ServiceUnit): string {
  const pid = shellQuote(pidFile(name));
  return [...environmentLines(unit), `MAINPID=$(cat ${pid}); export MAINPID`, (unit.execReload ?? []).map(shellWord).join(' ')].join('\n');
}

/** The gather command: the unit file's path and text, whether the pidfile's process lives, and enablement. */
export function pidfileStatusCommand(name: string): string {
  const unitFile = `${name}.service`;
  return [
    aliveFunction,
    `for d in ${unitDirs.join(' ')}; do if [ -f "$d/${unitFile}" ]; then echo "unit $d/${unitFile}"; break; fi; done`,
    `if [ -f ${shellQuote(pidFile(name))} ] && alive "$(cat ${shellQuote(pidFile(name))})"; then echo running; fi`,
    `if [ -e ${wantsDir}/${unitFile} ] || [ -L ${wantsDir}/${unitFile} ]; then echo enabled; fi`,
    `for d in ${unitDirs.join(' ')}; do if [ -f "$d/${unitFile}" ]; then echo text; cat "$d/${unitFile}"; break; fi; done`,
  ].join('\n');
}

export interface PidfileStatus {
  unitPath?: string;
  unitText?: string;
  running: boolean;
  enabled: boolean;
}

export function parsePidfileStatus(stdout: string): PidfileStatus {
  const textAt = stdout.indexOf('text\n');
  const head = textAt >= 0 ? stdout.slice(0, textAt) : stdout;
  const lines = head.split('\n');
  const unitLine = lines.find((l) => l.startsWith('unit '));
  const status: PidfileStatus = { running: lines.includes('running'), enabled: lines.includes('enabled') };
  if (unitLine) status.unitPath = unitLine.slice(5);
  if (textAt >= 0) status.unitText = stdout.slice(textAt + 5);
  return status;
}
