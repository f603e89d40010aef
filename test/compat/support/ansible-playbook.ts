import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnsibleSandbox, runProcess } from '../../support/ansible.js';
import type { HostStats } from '../../../engine/report/recap.js';
import { repoRoot } from '../../../engine/paths.js';

// Runs the reference, Debian's ansible-playbook 2.14, in a sealed environment (test/support/ansible.ts) and
// reads its PLAY RECAP as the default stdout callback prints it. (The json callback is not in ansible-core: it
// lives in the ansible.posix collection, which a machine with only ansible-core does not have.)

export interface PlaybookOutcome {
  exitCode: number;
  recap: Map<string, HostStats>;
  /** What the tool printed, kept for the failure message of a row. */
  output: string;
}

export async function runAnsiblePlaybook(playbook: string, inventory: string, args: readonly string[]): Promise<PlaybookOutcome> {
  const sandbox = await createAnsibleSandbox();
  try {
    const env: NodeJS.ProcessEnv = {
      ...sandbox.env,
      ANSIBLE_STDOUT_CALLBACK: 'default',
      // The lab's inventory already checks host keys strictly against the lab's own known_hosts.
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_FORKS: '5',
      // ControlPersist sockets under a throw-away HOME: short path, and nothing shared with another run.
      ANSIBLE_SSH_CONTROL_PATH_DIR: await mkdtemp(join(sandbox.home, 'cp-')),
    };
    const outcome = await runProcess('ansible-playbook', ['-i', inventory, ...args, playbook], { cwd: repoRoot, env });
    return { exitCode: outcome.exitCode, recap: recapFromText(outcome.stdout, outcome.stderr), output: `${outcome.stdout}\n${outcome.stderr}` };
  } finally {
    await sandbox.dispose();
  }
}

const COUNTERS = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'] as const;

/** `h1   : ok=2    changed=1    unreachable=0    failed=0    skipped=0    rescued=0    ignored=0`, one per host. */
function recapFromText(stdout: string, stderr: string): Map<string, HostStats> {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith('PLAY RECAP'));
  if (start < 0) throw new Error(`ansible-playbook printed no PLAY RECAP:\n${stdout}\n${stderr}`);
  const recap = new Map<string, HostStats>();
  for (const line of lines.slice(start + 1)) {
    const m = /^(\S+)\s+:\s+(.*)$/.exec(line.trim());
    if (!m) break;
    const counters = new Map([...m[2]!.matchAll(/(\w+)=(\d+)/g)].map(([, name, value]) => [name!, Number(value)]));
    const missing = COUNTERS.filter((name) => !counters.has(name));
    if (missing.length > 0) throw new Error(`ansible-playbook's recap line for ${m[1]} lacks ${missing.join(', ')}: ${line}`);
    const stats = Object.fromEntries(COUNTERS.map((name) => [name, counters.get(name)!])) as unknown as HostStats;
    recap.set(m[1]!, stats);
  }
  return new Map([...recap].sort(([a], [b]) => a.localeCompare(b)));
}
