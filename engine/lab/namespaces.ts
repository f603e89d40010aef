import { readdir, readFile, readlink } from 'node:fs/promises';
import { LabError, LabErrorCode } from './errors.js';

// Lab processes are found by their mount namespace: sshd, every session, and whatever a session started
// (etcd, a stray `sleep`) live in the host's namespace, whoever their parent is now.

async function mountNamespaceOf(pid: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${pid}/ns/mnt`);
  } catch {
    // Gone meanwhile, or a zombie: either way nothing to find or end.
    return undefined;
  }
}

/** Pids of every process whose mount namespace holds a mount with `fingerprint` in its mountinfo line. */
export async function processesInNamespacesMatching(fingerprint: string): Promise<number[]> {
  const own = await mountNamespaceOf(process.pid);
  const pids = (await readdir('/proc')).filter((e) => /^\d+$/.test(e)).map(Number);
  const namespaces = await Promise.all(pids.map(mountNamespaceOf));
  const byNamespace = new Map<string, number[]>();
  pids.forEach((pid, i) => {
    const ns = namespaces[i];
    if (ns === undefined || ns === own) return;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), pid]);
  });
  const matching: number[] = [];
  for (const members of byNamespace.values()) {
    if (await namespaceMatches(members, fingerprint)) matching.push(...members);
  }
  return matching.sort((a, b) => a - b);
}

async function namespaceMatches(members: readonly number[], fingerprint: string): Promise<boolean> {
  // Any live member shows the namespace's mounts; try the next one if the first has just exited.
  for (const pid of members) {
    try {
      return (await readFile(`/proc/${pid}/mountinfo`, 'utf8')).includes(fingerprint);
    } catch {
      continue;
    }
  }
  return false;
}

/** True when `pid` is alive and lives in a namespace matching `fingerprint` (guards against reused pids). */
export async function processInNamespaceMatching(pid: number, fingerprint: string): Promise<boolean> {
  try {
    return (await readFile(`/proc/${pid}/mountinfo`, 'utf8')).includes(fingerprint);
  } catch {
    return false;
  }
}

/**
 * Ends every process in the matching namespaces with SIGKILL, looking again until none is left: a process
 * may fork while it is being ended. The namespace, and with it every mount in it, goes away with its last
 * process. Returns how many processes were ended.
 */
export async function endProcessesInNamespacesMatching(fingerprint: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const ended = new Set<number>();
  for (;;) {
    const pids = (await processesInNamespacesMatching(fingerprint)).filter((pid) => pid !== process.pid && pid > 1);
    if (pids.length === 0) return ended.size;
    if (Date.now() > deadline) {
      throw new LabError(
        LabErrorCode.host,
        `lab processes ${pids.join(', ')} did not end within ${timeoutMs} ms of SIGKILL`,
        'a process stuck in the kernel (D state in `ps`) ends only when its I/O does; run `quorum lab down` again then',
      );
    }
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        ended.add(pid);
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
