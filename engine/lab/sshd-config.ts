import type { HostPaths } from './layout.js';

export interface SshdConfigInput {
  address: string;
  port: number;
  user: string;
  paths: Pick<HostPaths, 'hostKeyFile'>;
  authorizedKeysFile: string;
}

/**
 * One host's sshd_config. Written in full (no Include of the machine's config) so that the machine's own
 * sshd settings never change how the lab behaves.
 */
export function renderSshdConfig(input: SshdConfigInput): string {
  return [
    '# Written by `quorum lab up`; rewritten at every start of this host.',
    `ListenAddress ${input.address}:${input.port}`,
    `HostKey ${input.paths.hostKeyFile}`,
    // sshd runs in the foreground as the host's pid 1, where a pidfile would only say 1; `up` records its pid.
    'PidFile none',
    // The key list is read by root through a command rather than as the user's file: the lab directory may
    // sit where the login user cannot read (a 0700 home, a temp dir), and StrictModes stays on.
    'AuthorizedKeysFile none',
    `AuthorizedKeysCommand /bin/cat ${input.authorizedKeysFile}`,
    'AuthorizedKeysCommandUser root',
    `AllowUsers ${input.user}`,
    'PermitRootLogin no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // No PAM: the login user has no password (`*`), and PAM session modules expect a booted system.
    'UsePAM no',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    'AcceptEnv LANG LC_*',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    // MaxSessions stays at OpenSSH's default (10 channels per connection), as on production hosts, so that
    // the executor's channel limit is exercised for real. MaxStartups is raised: test files open many
    // connections at once on a loaded machine, and the default drops unauthenticated ones at random beyond 10.
    'MaxStartups 100:30:200',
    '',
  ].join('\n');
}
