// The lab's public shapes. Other parts (the SSH connection tests, the role tests, the oracle) code against
// these, so they change only compatibly.

/** One sandbox host: its own loopback address, sshd, host key and mount namespace. */
export interface LabHost {
  name: string;
  address: string;
  port: number;
  /** The login user (plain /bin/sh, passwordless sudo). */
  user: string;
  /** The lab's client private key (ed25519), accepted by every host of the lab. */
  privateKeyFile: string;
}

/** An etcd release archive in upstream's layout, built from the machine's Debian etcd binaries. */
export interface EtcdArchive {
  /** `<dir>/etcd-v<version>-linux-<arch>.tar.gz` */
  path: string;
  /** Lower-case hex; also written beside the archive as `<path>.sha256` in sha256sum's format. */
  sha256: string;
  /** For example `3.4.23` (no leading v). */
  version: string;
}

export interface Lab {
  /** Absolute, symlinks resolved. */
  dir: string;
  hosts: LabHost[];
  /** `<dir>/inventory.yml`: groups `lab` and `etcd`, usable by quorum and by ansible-playbook. */
  inventoryFile: string;
  /** `<dir>/known_hosts`: every host's key, for strict host key checking. */
  knownHostsFile: string;
  /** Present when `up` built (or found) the etcd release archives: the one of the version the lab deploys. */
  etcdArchive?: EtcdArchive;
  /** Every release archive `up` built, oldest version first (3.4.23 from bookworm, 3.5.16 from trixie). */
  etcdArchives?: EtcdArchive[];
  /** The etcd version inventories/lab deploys (`etcd_version`), when the lab records one. */
  etcdVersion?: string;
}

export interface LabUpOptions {
  dir: string;
  /** How many hosts the lab should have at least; an existing lab grows to this, never shrinks. */
  hosts: number;
  /** The first three octets, for example '127.0.10' (the default); hosts get .1, .2, ... */
  addressBlock?: string;
  /** Host names are `<prefix>1` .. `<prefix>N`; default 'h'. */
  namePrefix?: string;
  /** sshd's port on every host; default 22. */
  port?: number;
  /** Install missing Debian packages with apt-get instead of failing with the command that would. */
  installMissing?: boolean;
  /** Build the etcd release archives into `<dir>/dist` (default true). */
  etcdArchive?: boolean;
  /**
   * The etcd version the lab's inventories deploy (recorded in lab.json; inventories/lab reads it as
   * `etcd_version`). Default: what the lab recorded before, else the machine's Debian etcd.
   */
  etcdVersion?: string;
}

export interface LabHostStatus {
  name: string;
  address: string;
  port: number;
  /** sshd's pid from its pidfile, or null when there is no pidfile. */
  sshdPid: number | null;
  /** True when that pid is alive and is this host's sshd (inside this host's namespace). */
  sshdRunning: boolean;
  /** True when a login with the lab key and strict host key checking runs `true`. */
  sshAnswers: boolean;
  /** Processes in this host's mount namespace (sshd, its sessions, anything they started, e.g. etcd). */
  processes: number;
  /** Why ssh does not answer, in ssh's words, when it does not. */
  problem?: string;
}

export interface LabStatus {
  dir: string;
  /** False when there is no lab in dir. */
  exists: boolean;
  hosts: LabHostStatus[];
}
