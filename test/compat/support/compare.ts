import type { HostStats } from '../../../engine/report/recap.js';

// Differences between the reference run and quorum's, as lines a reader can act on: which host, which
// counter or which path, and both values.

const counters: readonly (keyof HostStats)[] = ['ok', 'changed', 'unreachable', 'failed', 'skipped', 'rescued', 'ignored'];

export function recapDifferences(ansible: Map<string, HostStats>, quorum: Map<string, HostStats>): string[] {
  const hosts = [...new Set([...ansible.keys(), ...quorum.keys()])].sort();
  const lines: string[] = [];
  for (const host of hosts) {
    const a = ansible.get(host);
    const q = quorum.get(host);
    // Ansible's recap leaves out a host that ran nothing at all (a later batch after an aborted one); a row
    // of zeros says the same thing.
    if (!a || !q) {
      const present = a ?? q;
      if (present && counters.some((c) => present[c] !== 0)) {
        lines.push(`recap ${host}: ${a ? 'missing from quorum' : 'only in quorum'} (${formatStats(present)})`);
      }
      continue;
    }
    const differing = counters.filter((c) => a[c] !== q[c]);
    if (differing.length > 0) {
      lines.push(`recap ${host}: ${differing.map((c) => `${c} ansible=${a[c]} quorum=${q[c]}`).join(', ')}`);
    }
  }
  return lines;
}

/** Lines of two sorted listings that only one side has, prefixed `- ansible` / `+ quorum`. */
export function treeDifferences(where: string, ansible: readonly string[], quorum: readonly string[]): string[] {
  const inQuorum = new Set(quorum);
  const inAnsible = new Set(ansible);
  return [
    ...ansible.filter((line) => !inQuorum.has(line)).map((line) => `${where}: - ansible ${line}`),
    ...quorum.filter((line) => !inAnsible.has(line)).map((line) => `${where}: + quorum  ${line}`),
  ];
}

const formatStats = (s: HostStats) => counters.map((c) => `${c}=${s[c]}`).join(' ');

export function formatRecap(recap: Map<string, HostStats>): string {
  return [...recap.entries()].map(([host, s]) => `${host}: ${formatStats(s)}`).join('\n');
}
