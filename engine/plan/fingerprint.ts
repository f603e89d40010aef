// What a saved plan remembers of each cluster: its id, each member's id, name, peer URLs, role and health, and
// the leader. Staleness (staleness.ts) pins only the membership (ids, names, peer URLs, learners): the leader
// changes at every election and is found again before each batch; health is checked where it matters, before
// each batch goes down (batch-safety.ts). Both are kept in the file, for the notes apply prints.
import { compareIds, type ClusterState, type MemberRole } from './cluster-state.js';

export interface MemberFingerprint {
  id: string;
  name: string;
  role: MemberRole;
  healthy: boolean;
  /** Sorted; absent in plans saved before it was recorded (then not compared). */
  peer_urls?: string[];
}

export interface ClusterFingerprint {
  cluster: string;
  cluster_id: string;
  leader_id: string | null;
  /** Sorted by id, so that two captures of the same cluster compare equal whatever order etcd listed them. */
  members: MemberFingerprint[];
}

export function fingerprintCluster(cluster: string, state: ClusterState): ClusterFingerprint {
  return {
    cluster,
    cluster_id: state.clusterId,
    leader_id: state.leaderId ?? null,
    members: [...state.members]
      .sort((a, b) => compareIds(a.id, b.id))
      .map((member) => ({ id: member.id, name: member.name, role: member.role, healthy: member.health.healthy, peer_urls: [...member.peerUrls].sort() })),
  };
}
