import { shellQuote } from '../../connect/local.js';

// Ansible keeps the file it is about to replace as `PATH.<timestamp>~`; so does quorum (the copy keeps its
// owner, mode and times with cp -p).

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `/etc/x.conf.2026-11-21@23:59:01~` (UTC). */
export function backupPath(path: string, now: Date): string {
  const day = `${now.getUTCFullYear()}-${pad(now.getUTCMonth() + 1)}-${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}`;
  return `${path}.${day}@${time}~`;
}

export function backupCommand(path: string, backup: string): string {
  return `cp -p -- ${shellQuote(path)} ${shellQuote(backup)}`;
}
