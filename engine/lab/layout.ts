import { join } from 'node:path';

// Where everything of a lab lives inside its directory. One place, so that up, down and status agree.

/** The login user every lab host accepts; shared by all labs on the machine (see README.md). */
export const labUser = 'quorum-lab';

/**
 * The trees each host gets a private copy-on-write view of (an overlay whose lower layer is the machine's
 * own tree), so that roles write production paths (/etc/etcd, /var/lib/etcd, /usr/local/bin, /opt,
 * /etc/systemd/system, /etc/default, /var/log, /var/backups, the etcd user's home /var/lib/etcd, even
 * /etc/passwd through useradd) unchanged, while the machine's own files are never written. Whole trees
 * rather than single directories because a role may write anywhere below them, and because bind-mounting
 * single files breaks the rename that useradd and package tools use to replace them.
 */
export const privateTrees: readonly string[] = ['/etc', '/opt', '/srv', '/usr/local', '/var'];

export interface LabPaths {
  dir: string;
  stateFile: string;
  inventoryFile: string;
  knownHostsFile: string;
  privateKeyFile: string;
  publicKeyFile: string;
  authorizedKeysFile: string;
  hostsDir: string;
  distDir: string;
}

export function labPaths(dir: string): LabPaths {
  return {
    dir,
    stateFile: join(dir, 'lab.json'),
    inventoryFile: join(dir, 'inventory.yml'),
    knownHostsFile: join(dir, 'known_hosts'),
    privateKeyFile: join(dir, 'id_ed25519'),
    publicKeyFile: join(dir, 'id_ed25519.pub'),
    authorizedKeysFile: join(dir, 'authorized_keys'),
    hostsDir: join(dir, 'hosts'),
    distDir: join(dir, 'dist'),
  };
}

export interface HostPaths {
  dir: string;
  hostKeyFile: string;
  hostPublicKeyFile: string;
  sshdConfigFile: string;
  /** sshd's pid as the machine sees it (inside its host it is pid 1), written by `up`. */
  pidFile: string;
  logFile: string;
  startScript: string;
  /** What the start script and unshare print (a mount that fails, say). */
  startLogFile: string;
  layersDir: string;
}

export function hostPaths(labDir: string, name: string): HostPaths {
  const dir = join(labPaths(labDir).hostsDir, name);
  return {
    dir,
    hostKeyFile: join(dir, 'ssh_host_ed25519_key'),
    hostPublicKeyFile: join(dir, 'ssh_host_ed25519_key.pub'),
    sshdConfigFile: join(dir, 'sshd_config'),
    pidFile: join(dir, 'sshd.pid'),
    logFile: join(dir, 'sshd.log'),
    startScript: join(dir, 'start.sh'),
    startLogFile: join(dir, 'start.log'),
    layersDir: join(dir, 'layers'),
  };
}

export interface OverlayLayer {
  /** The machine's tree, mounted over by the overlay. */
  tree: string;
  upperDir: string;
  workDir: string;
}

/** `/usr/local` -> `<layers>/usr-local/{upper,work}`. */
export function overlayLayers(layersDir: string): OverlayLayer[] {
  return privateTrees.map((tree) => {
    const base = join(layersDir, tree.slice(1).replace(/\//g, '-'));
    return { tree, upperDir: join(base, 'upper'), workDir: join(base, 'work') };
  });
}

/**
 * The text that marks a process as one of this lab's (or one host's): its mount namespace holds an overlay
 * whose upper layer is under that directory. Unlike a recorded namespace id, this cannot match an unrelated
 * namespace that happens to reuse the id after the lab's is gone.
 */
export function namespaceFingerprint(dir: string): string {
  return `upperdir=${dir}/`;
}

/**
 * Why a lab directory cannot hold overlay layers, or undefined. Overlay options are comma- and colon-separated
 * and mountinfo escapes blanks, so the path keeps to plain characters; and an upper layer inside one of the
 * trees it overlays is refused by the kernel (overlapping layers).
 */
export function labDirProblem(dir: string): string | undefined {
  if (!/^\/[A-Za-z0-9._/+@-]*$/.test(dir)) {
    return `the lab directory ${dir} has characters overlay mounts cannot take (blank, comma, colon, ...)`;
  }
  const inside = privateTrees.find((tree) => dir === tree || dir.startsWith(`${tree}/`));
  if (inside) return `the lab directory ${dir} is inside ${inside}, which every lab host overlays`;
  return undefined;
}
