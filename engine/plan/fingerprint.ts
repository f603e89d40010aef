// What a saved plan remembers of each cluster, so that apply can tell the cluster changed under it: its id,
// each member's id, name, role and health, and the leader. Health is in it too, because a member that went
// down since the plan shrinks the margin every batch was computed with.
import { compareIds, type ClusterState, type MemberRole } from './cluster-state.js';

export interface MemberFingerprint {
  id: string;
  name: string;
  role: MemberRole;
  healthy: boolean;
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
      .map((member) => ({ id: member.id, name: member.name, role: member.role, healthy: member.health.healthy })),
  };
}
