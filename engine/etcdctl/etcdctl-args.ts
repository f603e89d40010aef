import { shellQuote } from '../connect/shell-quote.js';
import { UsageError } from '../errors.js';

// The four connection settings SREs fumble every day, as etcdctl flags, as a host's shell command, and as
// `export` lines for the controller's shell. Pure.

/** Paths of the CA and the admin client certificate and key (on the controller, or on a host). */
export interface AdminCertFiles {
  ca: string;
  cert: string;
  key: string;
}

/** Where the contract puts the admin certificate on every member host (etcd-contract.md). */
export const HOST_ADMIN_CERTS: AdminCertFiles = {
  ca: '/etc/etcd/pki/ca.crt',
  cert: '/etc/etcd/pki/admin.crt',
  key: '/etc/etcd/pki/admin.key',
};

/** Each flag quorum passes, with the environment variable etcdctl would also read it from. */
const FLAG_ENV = [
  ['--endpoints', 'ETCDCTL_ENDPOINTS'],
  ['--cacert', 'ETCDCTL_CACERT'],
  ['--cert', 'ETCDCTL_CERT'],
  ['--key', 'ETCDCTL_KEY'],
] as const;

export function connectionFlags(endpoints: readonly string[], certs: AdminCertFiles | undefined): string[] {
  const flags = ['--endpoints', endpoints.join(',')];
  if (certs) flags.push('--cacert', certs.ca, '--cert', certs.cert, '--key', certs.key);
  return flags;
}

/**
 * etcdctl exits at once ("conflicting environment variable ... is shadowed") when a flag is also set in its
 * environment, even to an empty value: refuse first, and say which variable and how to get rid of it.
 */
export function checkEnvironment(env: { readonly [name: string]: string | undefined }, withCerts: boolean): void {
  const passed = FLAG_ENV.filter(([flag]) => withCerts || flag === '--endpoints');
  const set = passed.filter(([, variable]) => env[variable] !== undefined);
  if (set.length === 0) return;
  const names = set.map(([, variable]) => variable);
  throw new UsageError(
    `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} set in this shell, and quorum etcdctl passes ${set.map(([flag]) => flag).join(', ')}: etcdctl refuses to run with both`,
    `unset ${names.join(' ')} (an earlier \`eval "$(quorum etcdctl --print-env ...)"\` sets them), or run plain etcdctl, which reads them`,
  );
}

/** The user's own arguments must not set what quorum sets from the inventory: etcdctl would take either. */
export function checkUserArgs(args: readonly string[]): void {
  const taken = FLAG_ENV.map(([flag]) => flag).filter((flag) => args.some((a) => a === flag || a.startsWith(`${flag}=`)));
  if (taken.length === 0) return;
  throw new UsageError(
    `quorum etcdctl sets ${taken.join(', ')} from the inventory, and the arguments after -- set ${taken.length === 1 ? 'it' : 'them'} again`,
    `drop ${taken.join(', ')} from the arguments, or run plain etcdctl with your own`,
  );
}

/** `export` lines for the controller's shell: `eval "$(quorum etcdctl -i INV --print-env)"`. */
export function printEnvText(endpoints: readonly string[], certs: AdminCertFiles | undefined): string {
  const lines = [`export ETCDCTL_API=3`, `export ETCDCTL_ENDPOINTS=${shellQuote(endpoints.join(','))}`];
  if (certs) {
    lines.push(`export ETCDCTL_CACERT=${shellQuote(certs.ca)}`, `export ETCDCTL_CERT=${shellQuote(certs.cert)}`, `export ETCDCTL_KEY=${shellQuote(certs.key)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The shell command that runs etcdctl on a member host (as root: the admin key there is root's, mode 0600). */
export function hostCommand(endpoints: readonly string[], tls: boolean, args: readonly string[]): string {
  const argv = ['etcdctl', ...connectionFlags(endpoints, tls ? HOST_ADMIN_CERTS : undefined), ...args];
  return `ETCDCTL_API=3 ${argv.map(shellQuote).join(' ')}`;
}
