// The lab: sandbox hosts on this machine, each a real sshd in a mount namespace of its own, for rehearsals
// and for tests. See README.md in this directory for what is private to a host and what is shared.
export type { EtcdArchive, Lab, LabHost, LabHostStatus, LabStatus, LabUpOptions } from './types.js';
export { labUp } from './up.js';
export { labDown } from './down.js';
export { labStatus } from './status.js';
export { buildEtcdArchive, buildEtcdArchives } from './etcd-archive.js';
export { defaultAddressBlock, defaultNamePrefix, defaultPort } from './settings.js';
export { labUser } from './layout.js';
