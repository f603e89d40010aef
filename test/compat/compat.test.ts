import { describe, expect, it } from 'vitest';
import { useTestLab } from '../support/lab.js';
import { runAnsiblePlaybook, type PlaybookOutcome } from './support/ansible-playbook.js';
import { compatCases, playbookOf, type CompatCase } from './cases.js';
import { formatRecap, recapDifferences, treeDifferences } from './support/compare.js';
import { controllerTree, hostTree } from './support/file-tree.js';
import { makeControllerDir, removeControllerDir } from './support/controller-dir.js';
import { runQuorumPlaybook } from './support/quorum-playbook.js';
import type { Lab } from '../../engine/lab/index.js';

// The ansible-playbook compatibility oracle. Address blocks 127.0.81 (ansible-playbook's lab) and 127.0.82
// (quorum's lab) belong to this file. Each row runs one playbook with Debian's ansible-playbook 2.14 on one lab
// and with `quorum run` on the other, at the same time, then compares what matters to a user: the exit code,
// the PLAY RECAP of every host, and the files left under the playbook's own /opt/compat/<name> on every host
// and in its controller directory. Every playbook writes only under its own directory, so each row meets
// hosts with no leftovers of another.

const hosts = ['h1', 'h2', 'h3'];

interface RunSide {
  outcome: PlaybookOutcome;
  trees: Map<string, string[]>;
  controller: string[];
}

async function runSide(
  run: (playbook: string, inventory: string, args: readonly string[]) => Promise<PlaybookOutcome>,
  lab: Lab,
  row: CompatCase,
  label: string,
): Promise<RunSide> {
  const controllerDir = await makeControllerDir(`${row.name}-${label}`);
  try {
    const args = ['-e', `compat_dir=/opt/compat/${row.name}`, '-e', `controller_dir=${controllerDir}`, ...(row.args ?? [])];
    const outcome = await run(playbookOf(row), lab.inventoryFile, args);
    const trees = new Map<string, string[]>();
    for (const host of hosts) trees.set(host, await hostTree(lab, host, `/opt/compat/${row.name}`));
    return { outcome, trees, controller: await controllerTree(controllerDir) };
  } finally {
    await removeControllerDir(controllerDir);
  }
}

function differences(ansible: RunSide, quorum: RunSide): string[] {
  const lines: string[] = [];
  if (ansible.outcome.exitCode !== quorum.outcome.exitCode) {
    lines.push(`exit code: ansible=${ansible.outcome.exitCode} quorum=${quorum.outcome.exitCode}`);
  }
  lines.push(...recapDifferences(ansible.outcome.recap, quorum.outcome.recap));
  for (const host of hosts) {
    lines.push(...treeDifferences(`files ${host}`, ansible.trees.get(host) ?? [], quorum.trees.get(host) ?? []));
  }
  lines.push(...treeDifferences('controller', ansible.controller, quorum.controller));
  return lines;
}

/** The tail of a run's output, for the failure message: enough to see the task that went another way. */
const tail = (text: string) => text.split('\n').slice(-40).join('\n');

/** quorum's failed results wherever they are in its output: the first place to look when a row differs. */
const failures = (text: string) => text.split('\n').filter((line) => line.includes('"status":"failed"')).join('\n');

describe('ansible-playbook compatibility oracle', () => {
  const ansibleLab = useTestLab({ hosts: hosts.length, block: '127.0.81' });
  const quorumLab = useTestLab({ hosts: hosts.length, block: '127.0.82' });

  it.each(compatCases.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const [ansible, quorum] = await Promise.all([
      runSide(runAnsiblePlaybook, ansibleLab(), row, 'ansible'),
      runSide(runQuorumPlaybook, quorumLab(), row, 'quorum'),
    ]);
    // A row that proves nothing is a broken row: the reference must have run tasks on every host.
    expect(ansible.outcome.recap.get('h1')?.ok ?? 0, `ansible ran nothing:\n${tail(ansible.outcome.output)}`).toBeGreaterThan(0);
    const found = differences(ansible, quorum);
    const report = found.length === 0 ? '' : [
      `${row.name}: ${row.behaviour}`,
      ...found,
      '--- ansible recap', formatRecap(ansible.outcome.recap),
      '--- quorum recap', formatRecap(quorum.outcome.recap),
      '--- quorum failures', failures(quorum.outcome.output),
      '--- quorum output (tail)', tail(quorum.outcome.output),
    ].join('\n');
    expect(found, report).toEqual([]);
  }, 240_000);
});
