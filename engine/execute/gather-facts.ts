import type { Become, Connection } from '../connect/types.js';

// `gather_facts`: a small fact set read with one POSIX shell script in one round trip (no Python on hosts).
// The names are Ansible's, both as top-level `ansible_*` variables and inside `ansible_facts` without the prefix.

/** Prints `key=value` lines; each probe tolerates a missing tool, so a minimal host still gives what it can. */
export const factScript = [
  'echo "hostname=$(hostname 2>/dev/null || uname -n)"',
  'echo "fqdn=$(hostname -f 2>/dev/null || hostname 2>/dev/null || uname -n)"',
  'echo "system=$(uname -s)"',
  'echo "kernel=$(uname -r)"',
  'echo "machine=$(uname -m)"',
  'if [ -r /etc/os-release ]; then . /etc/os-release; echo "os_id=${ID:-}"; echo "os_version=${VERSION_ID:-}"; echo "os_like=${ID_LIKE:-}"; echo "os_codename=${VERSION_CODENAME:-}"; fi',
  'if [ -d /run/systemd/system ]; then echo "service_mgr=systemd"; else echo "service_mgr=$(cat /proc/1/comm 2>/dev/null || echo unknown)"; fi',
  'echo "user_id=$(id -un)"',
  'echo "user_uid=$(id -u)"',
  'if command -v ip >/dev/null 2>&1; then ip -o -4 addr show 2>/dev/null | while read -r _ dev _ addr _; do echo "ipv4=$dev ${addr%/*}"; done; fi',
  'echo "nproc=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"',
  'echo "memtotal_kb=$(sed -n "s/^MemTotal: *\\([0-9]*\\).*/\\1/p" /proc/meminfo 2>/dev/null)"',
].join('\n');

/** Debian's family names, as Ansible maps distributions to os_family. */
const osFamilies: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Debian',
  rhel: 'RedHat',
  centos: 'RedHat',
  fedora: 'RedHat',
  rocky: 'RedHat',
  almalinux: 'RedHat',
  alpine: 'Alpine',
  arch: 'Archlinux',
  sles: 'Suse',
  opensuse: 'Suse',
};

const distributionNames: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  rhel: 'RedHat',
  centos: 'CentOS',
  fedora: 'Fedora',
  rocky: 'Rocky',
  almalinux: 'AlmaLinux',
  alpine: 'Alpine',
  arch: 'Archlinux',
};

export type Facts = Record<string, unknown>;

/** Turns the script's output into facts without the `ansible_` prefix (as inside `ansible_facts`). */
export function parseFacts(output: string): Facts {
  const values = new Map<string, string>();
  const ipv4: { device: string; address: string }[] = [];
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1).trim();
    if (key === 'ipv4') {
      const [device = '', address = ''] = value.split(' ');
      if (address) ipv4.push({ device, address });
    } else values.set(key, value);
  }
  const id = values.get('os_id') ?? '';
  const version = values.get('os_version') ?? '';
  const like = (values.get('os_like') ?? '').split(' ')[0] ?? '';
  const hostname = values.get('hostname') ?? '';
  const nonLoopback = ipv4.filter((a) => a.device !== 'lo');
  return {
    hostname: hostname.split('.')[0],
    nodename: hostname,
    fqdn: values.get('fqdn') ?? hostname,
    system: values.get('system') ?? '',
    kernel: values.get('kernel') ?? '',
    architecture: values.get('machine') ?? '',
    machine: values.get('machine') ?? '',
    distribution: distributionNames[id] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : 'Unknown'),
    distribution_version: version,
    distribution_major_version: version.split('.')[0] ?? '',
    distribution_release: values.get('os_codename') ?? '',
    os_family: osFamilies[id] ?? osFamilies[like] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : 'Unknown'),
    service_mgr: values.get('service_mgr') ?? 'unknown',
    user_id: values.get('user_id') ?? '',
    user_uid: Number(values.get('user_uid') ?? -1),
    all_ipv4_addresses: nonLoopback.map((a) => a.address),
    interfaces: [...new Set(ipv4.map((a) => a.device))],
    processor_nproc: Number(values.get('nproc') ?? 1),
    memtotal_mb: Math.floor(Number(values.get('memtotal_kb') || 0) / 1024),
  };
}

/** The variables a play sees after gathering: `ansible_facts` and each fact again as `ansible_<name>`. */
export function factVariables(facts: Facts): Facts {
  const vars: Facts = { ansible_facts: facts };
  for (const [key, value] of Object.entries(facts)) vars[`ansible_${key}`] = value;
  return vars;
}

/** `become` as the play sets it: Ansible gathers facts as the become user (ansible_user_id is then root). */
export async function gatherFacts(connection: Connection, become?: Become): Promise<Facts> {
  const result = await connection.exec(factScript, become ? { become } : undefined);
  if (result.rc !== 0 && result.stdout.trim() === '') {
    throw new Error(`gathering facts failed (rc ${result.rc}): ${result.stderr.trim()}`);
  }
  return parseFacts(result.stdout);
}
