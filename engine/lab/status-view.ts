import type { LabStatus } from './types.js';

/** `quorum lab status` as a table an SRE reads at a glance; one line per host, the reason when ssh fails. */
export function renderLabStatus(status: LabStatus): string {
  if (!status.exists) return `no lab in ${status.dir} (start one with \`quorum lab up\`)\n`;
  const rows = [
    ['HOST', 'ADDRESS', 'SSHD PID', 'PROCESSES', 'SSH'],
    ...status.hosts.map((h) => [
      h.name,
      `${h.address}:${h.port}`,
      h.sshdPid === null ? '-' : `${h.sshdPid}${h.sshdRunning ? '' : ' (gone)'}`,
      String(h.processes),
      h.sshAnswers ? 'ok' : `FAILED: ${h.problem ?? 'no answer'}`,
    ]),
  ];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((r) => (r[col] ?? '').length))) ?? [];
  const lines = rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  '));
  return `lab ${status.dir}\n${lines.join('\n')}\n`;
}
