import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { createAnsibleSandbox, runProcess } from '../../support/ansible.js';
import type { HostStats } from '../../../engine/report/recap.js';
import { repoRoot } from '../../../engine/paths.js';

// Runs the reference, Debian's ansible-playbook 2.14, in a sealed environment (test/support/ansible.ts) and
// reads its recap from the json stdout callback's `stats`, which is what its PLAY RECAP prints.

export interface PlaybookOutcome {
  exitCode: number;
  recap: Map<string, HostStats>;
  /** What the tool printed, kept for the failure message of a row. */
  output: string;
}

/** The json callback's per-host counters (Ansible's own names: `failures`, not `failed`). */
interface AnsibleJsonStats {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export async function runAnsiblePlaybook(playbook: string, inventory: string, args: readonly string[]): Promise<PlaybookOutcome> {
  const sandbox = await createAnsibleSandbox();
  try {
    const env: NodeJS.ProcessEnv = {
      ...sandbox.env,
      ANSIBLE_STDOUT_CALLBACK: 'json',
      // The lab's inventory already checks host keys strictly against the lab's own known_hosts.
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_FORKS: '5',
      // ControlPersist sockets under a throw-away HOME: short path, and nothing shared with another run.
      ANSIBLE_SSH_CONTROL_PATH_DIR: await mkdtemp(join(sandbox.home, 'cp-')),
    };
    const outcome = await runProcess('ansible-playbook', ['-i', inventory, ...args, playbook], { cwd: repoRoot, env });
    return { exitCode: outcome.exitCode, recap: recapFromJson(outcome.stdout, outcome.stderr), output: `${outcome.stdout}\n${outcome.stderr}` };
  } finally {
    await sandbox.dispose();
  }
}

function recapFromJson(stdout: string, stderr: string): Map<string, HostStats> {
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`ansible-playbook printed no JSON result:\n${stdout}\n${stderr}`);
  const parsed = JSON.parse(stdout.slice(start)) as { stats: Record<string, AnsibleJsonStats> };
  return new Map(
    Object.entries(parsed.stats)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([host, s]) => [
        host,
        { ok: s.ok, changed: s.changed, unreachable: s.unreachable, failed: s.failures, skipped: s.skipped, rescued: s.rescued, ignored: s.ignored },
      ]),
  );
}
