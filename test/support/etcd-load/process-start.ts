import type { Lab } from '../../../engine/lab/index.js';
import { onLabHost } from '../run-cli.js';

// When each member's etcd process started, from the pidfile the contract's service back end writes: a time
// that stays the same proves the member was not restarted (scale-out must not restart existing members).

export const ETCD_PIDFILE = '/run/quorum/etcd.pid';

/** `ps -o lstart=` of the host's etcd process, e.g. "Sun Nov 22 02:40:01 2026"; '' when none runs. */
export async function memberStartTime(lab: Lab, host: string): Promise<string> {
  const out = await onLabHost(lab, host, `[ -f ${ETCD_PIDFILE} ] && ps -o lstart= -p "$(cat ${ETCD_PIDFILE})" || true`);
  return out.trim();
}

/** Every host's start time, by host name. */
export async function memberStartTimes(lab: Lab, hosts: readonly string[]): Promise<Map<string, string>> {
  const times = await Promise.all(hosts.map(async (h) => [h, await memberStartTime(lab, h)] as const));
  return new Map(times);
}
