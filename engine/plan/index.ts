// The planner's public surface: what the CLI, the executor and the etcd client call. Everything here is pure
// except loadClusterStateFile, which reads one file.
export { quorumNumbers, type QuorumNumbers } from './quorum-math.js';
export {
  agreedLeader,
  compareIds,
  memberLabel,
  NO_LEADER,
  type ClusterMember,
  type ClusterState,
  type MemberHealth,
  type MemberId,
  type MemberRole,
  type MemberStatus,
} from './cluster-state.js';
export { parseClusterStateText } from './state-file.js';
export { loadClusterStateFile } from './state-file-read.js';
export { mapMembersToHosts, peerUrlHost, type MemberMapping } from './member-mapping.js';
export type { PlanHost } from './plan-host.js';
export {
  DEFAULT_CLUSTER_VAR,
  hostsByCluster,
  toPlanHosts,
  type ClusterSelector,
  type FleetHost,
  type HostVariables,
} from './fleet.js';
export { resolveSerial, serialCapFromSteps, userBatchCap, type BatchLimits, type SerialSetting } from './batch-limits.js';
export type {
  BatchKind,
  ClusterOutcome,
  ClusterPlan,
  ClusterRefusal,
  LeaderMove,
  PlannedBatch,
  UnhealthyMember,
} from './cluster-plan.js';
export { planCluster, type ClusterPlanInput } from './plan-cluster.js';
export { planRollingPlay, type RollingPlayInput, type RollingPlayPlan } from './plan-play.js';
export {
  decideGate,
  DEFAULT_GATE_OPTIONS,
  gateOptionsFromSeconds,
  sampleProblem,
  type GateDecision,
  type GateMemberSample,
  type GateOptions,
  type GateSample,
} from './gate.js';
export {
  buildPlanDocument,
  type BatchDocument,
  type ClusterPlanDocument,
  type PlanDocument,
  type PlannedChange,
  type PlayPlanDocument,
  type PlayPlanInput,
} from './plan-document.js';
export { renderPlanText, renderRefusal } from './render-text.js';
export { fingerprintCluster, type ClusterFingerprint, type MemberFingerprint } from './fingerprint.js';
export {
  buildSavedPlan,
  digestFiles,
  fingerprintClusters,
  sha256Hex,
  type InputFile,
  type PlanBasis,
  type PlanInputDigests,
  type SavedPlan,
} from './saved-plan.js';
export { parseSavedPlan } from './saved-plan-file.js';
export { assertPlanFresh, planStaleness, type PlanBasisWithPlan } from './staleness.js';
export { planBatchChanges } from './plan-comparison.js';
export { PlanRefusedError, PlanStaleError } from './plan-errors.js';
export {
  assignStatesToClusters,
  parseClusterStateArg,
  type ClusterStateArg,
  type LoadedState,
  type StateAssignment,
} from './state-assignment.js';
