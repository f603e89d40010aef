// The load and monitor tools of the e2e tests (issue 5): a writer that puts keys without pause through every
// endpoint, a monitor of healthy voters sampled every 100 ms, and the start times of member processes.
export { EtcdWriter, type WriteFailure, type WriterOptions, type WriterTotals } from './etcd-load/writer.js';
export { QuorumMonitor, type MonitoredMember, type MonitorOptions, type MonitorReport } from './etcd-load/monitor.js';
export { isHealthyVoter, type MemberReading, type MinimumSeen } from './etcd-load/healthy-voters.js';
export { memberStartTime, memberStartTimes, ETCD_PIDFILE } from './etcd-load/process-start.js';
export { labEndpointTargets } from './etcd-load/lab-targets.js';
