import { InvalidArgumentError, type Command } from 'commander';
import { join } from 'node:path';
import { repoRoot } from '../paths.js';
import { ExitCode } from '../exit-codes.js';
import type { DefineCommand, SetExitCode } from './commands.js';

// `quorum lab up | down | status | archive`: sandbox hosts on this machine for rehearsals and tests.
// The lab's modules are loaded inside each action, so that other commands never pay for them.

const defaultDir = (): string => join(repoRoot, '.lab');

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
  return Number.parseInt(value, 10);
}

interface UpOptions {
  dir?: string;
  hosts: number;
  block?: string;
  prefix?: string;
  port?: number;
  installMissing?: boolean;
  archive: boolean;
  etcdVersion?: string;
}

function defineUp(lab: Command): void {
  lab
    .command('up')
    .description('start the lab hosts (idempotent: running hosts stay, missing ones start, --hosts grows the lab)')
    .option('--hosts <n>', 'how many hosts the lab should have', wholeNumber, 3)
    .option('--dir <dir>', 'the lab directory (default: .lab in the checkout)')
    .option('--block <a.b.c>', 'loopback address block: hosts get <block>.1, <block>.2, ... (default 127.0.10)')
    .option('--prefix <name>', 'host name prefix: <prefix>1, <prefix>2, ... (default h)')
    .option('--port <port>', "each host's sshd port (default 22)", wholeNumber)
    .option('--install-missing', 'install missing Debian packages with apt-get')
    .option('--no-archive', 'do not build the etcd release archives into <dir>/dist')
    .option('--etcd-version <x.y.z>', "the etcd version inventories/lab deploys: 3.4.23 (bookworm's, the default) or 3.5.16 (trixie's, fetched by scripts/setup.sh)")
    .action(async (options: UpOptions) => {
      const { labUp } = await import('../lab/index.js');
      const started = performance.now();
      const lab = await labUp({
        dir: options.dir ?? defaultDir(),
        hosts: options.hosts,
        addressBlock: options.block,
        namePrefix: options.prefix,
        port: options.port,
        installMissing: options.installMissing ?? false,
        etcdArchive: options.archive,
        ...(options.etcdVersion ? { etcdVersion: options.etcdVersion } : {}),
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const lines = [
        `lab up: ${lab.hosts.length} host${lab.hosts.length === 1 ? '' : 's'} in ${lab.dir} (${seconds} s)`,
        ...lab.hosts.map((h) => `  ${h.name}  ${h.address}:${h.port}`),
        `inventory:   ${lab.inventoryFile}`,
        `known_hosts: ${lab.knownHostsFile}`,
      ];
      if (lab.hosts.length > options.hosts) {
        lines.push(`note: the lab keeps its ${lab.hosts.length} hosts (up never removes hosts; \`quorum lab down\` first for fewer)`);
      }
      for (const archive of lab.etcdArchives ?? []) {
        const deployed = archive.version === lab.etcdVersion ? ' (deployed by inventories/lab)' : '';
        lines.push(`etcd ${archive.version}: ${archive.path} (sha256 ${archive.sha256})${deployed}`);
      }
      const first = lab.hosts[0];
      if (first) {
        lines.push(
          `log in:      ssh -F /dev/null -i ${first.privateKeyFile} -o UserKnownHostsFile=${lab.knownHostsFile} -o StrictHostKeyChecking=yes -p ${first.port} ${first.user}@${first.address}`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

function defineDown(lab: Command): void {
  lab
    .command('down')
    .description("end every process of the lab's hosts and remove the lab directory (safe to run twice)")
    .option('--dir <dir>', 'the lab directory (default: .lab in the checkout)')
    .action(async (options: { dir?: string }) => {
      const { labDown } = await import('../lab/index.js');
      const dir = options.dir ?? defaultDir();
      await labDown(dir);
      process.stdout.write(`lab down: ${dir} removed, its processes ended\n`);
    });
}

function defineStatus(lab: Command, setExitCode: SetExitCode): void {
  lab
    .command('status')
    .description('show each host: address, sshd pid, processes, and whether ssh answers (exit 3 if one does not)')
    .option('--dir <dir>', 'the lab directory (default: .lab in the checkout)')
    .option('--json', 'print the status as JSON')
    .action(async (options: { dir?: string; json?: boolean }) => {
      const { labStatus } = await import('../lab/index.js');
      const { renderLabStatus } = await import('../lab/status-view.js');
      const status = await labStatus(options.dir ?? defaultDir());
      process.stdout.write(options.json ? `${JSON.stringify(status, null, 2)}\n` : renderLabStatus(status));
      if (!status.exists) setExitCode(ExitCode.error);
      else if (status.hosts.some((h) => !h.sshAnswers)) setExitCode(ExitCode.hostUnreachable);
    });
}

function defineArchive(lab: Command): void {
  lab
    .command('archive')
    .description("build the etcd release archives (upstream's layout) from the lab's Debian etcd builds, each with its sha256")
    .option('--dir <dir>', 'where to write them (default: .lab/dist in the checkout)')
    .option('--etcd-version <x.y.z>', 'only this version')
    .action(async (options: { dir?: string; etcdVersion?: string }) => {
      const { buildEtcdArchive, buildEtcdArchives } = await import('../lab/index.js');
      const dir = options.dir ?? join(defaultDir(), 'dist');
      const archives = options.etcdVersion ? [await buildEtcdArchive(dir, { version: options.etcdVersion })] : await buildEtcdArchives(dir);
      process.stdout.write(archives.map((a) => `${a.path}\nsha256 ${a.sha256}\netcd ${a.version}\n`).join(''));
    });
}

export const defineLabCommand: DefineCommand = (program, setExitCode) => {
  const lab = program.command('lab').description('sandbox hosts on this machine (real sshd, private /etc, /var, /opt, ...)');
  defineUp(lab);
  defineDown(lab);
  defineStatus(lab, setExitCode);
  defineArchive(lab);
};
