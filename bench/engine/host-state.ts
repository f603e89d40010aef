// What the playbook leaves on the lab hosts, read and cleared with plain `ssh` (outside the timed runs): before
// every timed run the bench directory is removed, so that every run of every contender does the same changes;
// after a contender's first run its fingerprint (names, types, modes, owners, sizes, contents, link targets;
// no times) is compared with quorum's, since a fast run that leaves another state is worth nothing.
import { execFile } from 'node:child_process';
import pLimit from 'p-limit';
import type { Lab, LabHost } from '../../engine/lab/index.js';
import { benchDir, singleQuoted } from './floor-commands.js';

const sshSessionsAtOnce = 10;

const fingerprintScript =
  `cd ${benchDir} && find . -mindepth 1 | sort | while read -r p; do ` +
  `stat -c '%n %F %a %U:%G %s' "$p"; ` +
  `if [ -L "$p" ]; then readlink "$p"; elif [ -f "$p" ]; then sha256sum < "$p"; fi; done`;

function sshAsRoot(lab: Lab, host: LabHost, script: string): Promise<string> {
  const args = [
    '-F', '/dev/null',
    '-i', host.privateKeyFile,
    '-o', `UserKnownHostsFile=${lab.knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'BatchMode=yes',
    '-p', String(host.port),
    `${host.user}@${host.address}`,
    `sudo -n sh -c ${singleQuoted(script)}`,
  ];
  return new Promise((resolve, reject) => {
    execFile('ssh', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`bench/engine: ssh to ${host.name} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

function onEveryHost(lab: Lab, script: string): Promise<string[]> {
  const limit = pLimit(sshSessionsAtOnce);
  return Promise.all(lab.hosts.map((host) => limit(() => sshAsRoot(lab, host, script))));
}

export async function clearBenchState(lab: Lab): Promise<void> {
  await onEveryHost(lab, `rm -rf ${benchDir}`);
}

/** Host name -> what the playbook left there. */
export async function benchFingerprint(lab: Lab): Promise<Map<string, string>> {
  const outputs = await onEveryHost(lab, fingerprintScript);
  return new Map(lab.hosts.map((host, i) => [host.name, outputs[i] ?? '']));
}

/** The first host whose state differs, with both states, or undefined when all agree. */
export function firstDifference(
  expected: ReadonlyMap<string, string>,
  actual: ReadonlyMap<string, string>,
): { host: string; expected: string; actual: string } | undefined {
  for (const [host, state] of expected) {
    const other = actual.get(host) ?? '(nothing)';
    if (other !== state) return { host, expected: state, actual: other };
  }
  return undefined;
}
