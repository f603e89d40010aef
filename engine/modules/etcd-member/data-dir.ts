import { shellQuote } from '../../connect/local.js';
import type { FactOutput, JsonObject } from '../types.js';
import type { EtcdMember } from './membership-json.js';
import { readWalMetadata, type WalMetadata } from './wal-metadata.js';

// A data dir is stale when it holds a member (`member/`) that is not this host's member of this cluster: it
// belongs to another cluster, or to a member id the cluster does not list for this host. etcd started on it
// would fail (`request cluster ID mismatch`, `has already been bootstrapped`) or, worse, come up as a member
// of some other cluster; the role moves such a dir aside.

export interface DataDirFacts {
  hasMember: boolean;
  /** Undefined when there is no WAL file or its head cannot be read. */
  wal?: WalMetadata;
}

/** Prints `member` when `<dir>/member` exists, then the base64 head of its first WAL file. */
export function dataDirQuery(dir: string): { command: string; parse(output: FactOutput): DataDirFacts } {
  const member = shellQuote(`${dir}/member`);
  return {
    command: [
      `if [ -d ${member} ]; then echo member;`,
      `f=$(ls ${shellQuote(`${dir}/member/wal`)}/*.wal 2>/dev/null | head -n 1);`,
      `if [ -n "$f" ]; then head -c 4096 "$f" | base64 | tr -d '\\n'; echo; fi; fi`,
    ].join(' '),
    parse: ({ stdout }) => {
      const [first, head] = stdout.split('\n');
      if (first !== 'member') return { hasMember: false };
      const wal = head ? readWalMetadata(Buffer.from(head, 'base64')) : undefined;
      return wal ? { hasMember: true, wal } : { hasMember: true };
    },
  };
}

export interface DataDirVerdict {
  stale: boolean;
  /** Why, in words, for the run's output. */
  reason: string;
}

export function judgeDataDir(dir: DataDirFacts, clusterId: string, member: EtcdMember | undefined): DataDirVerdict {
  if (!dir.hasMember) return { stale: false, reason: 'holds no member' };
  if (!dir.wal) return { stale: true, reason: 'holds member/ without a readable WAL' };
  const { memberId, clusterId: dirCluster } = dir.wal;
  if (dirCluster !== clusterId) return { stale: true, reason: `belongs to cluster ${dirCluster}, not ${clusterId}` };
  if (!member) return { stale: true, reason: `holds member ${memberId}, which this cluster does not list for this host` };
  if (member.id !== memberId) return { stale: true, reason: `holds member ${memberId}, but this host's member is ${member.id}` };
  return { stale: false, reason: `holds this host's member ${memberId}` };
}

export function dataDirValue(path: string, dir: DataDirFacts, verdict: DataDirVerdict): JsonObject {
  return {
    path,
    has_member: dir.hasMember,
    member_id: dir.wal?.memberId ?? null,
    cluster_id: dir.wal?.clusterId ?? null,
    stale: verdict.stale,
    reason: verdict.reason,
  };
}
