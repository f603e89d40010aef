import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { resolveClusterTarget } from './cluster-target.js';
import { checkEnvironment, checkUserArgs, printEnvText } from './etcdctl-args.js';
import { findOnPath } from './find-on-path.js';

// What `quorum etcdctl` does once its options are parsed: find the cluster, then print the environment, or run
// etcdctl on the controller (when it is installed there, or asked for) or on a member host.

/** Where etcdctl runs: `auto` is the controller when etcdctl is on its PATH, else the first healthy member. */
export type EtcdctlPlace = { kind: 'auto' } | { kind: 'controller' } | { kind: 'host'; host?: string };

export interface EtcdctlRequest {
  inventory: readonly string[];
  extraVars: readonly string[];
  cluster?: string;
  limit?: string;
  place: EtcdctlPlace;
  printEnv: boolean;
  /** etcdctl's own arguments (after `--`). */
  args: readonly string[];
  acceptNewHostKeys: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function executeEtcdctl(request: EtcdctlRequest): Promise<number> {
  if (request.printEnv && request.args.length > 0) {
    throw new UsageError('--print-env prints the environment and runs nothing, but etcdctl arguments were given too', 'drop the arguments after --, or drop --print-env');
  }
  if (!request.printEnv && request.args.length === 0) {
    throw new UsageError('no etcdctl arguments given', 'put them after --, for example: quorum etcdctl -i INVENTORY -- member list -w table');
  }
  checkUserArgs(request.args);
  const target = await resolveClusterTarget(request);
  if (request.printEnv) {
    // Direct addresses: the exported variables outlive this process, and its tunnels with it.
    request.stdout.write(printEnvText(target.members.map((m) => m.access.clientUrl), target.certs));
    return ExitCode.ok;
  }
  const common = { args: request.args, acceptNewHostKeys: request.acceptNewHostKeys, stdout: request.stdout, stderr: request.stderr };
  const place = request.place;
  const onController = place.kind === 'controller' || (place.kind === 'auto' && (await findOnPath('etcdctl', request.env['PATH'])) !== undefined);
  if (onController) {
    if (place.kind === 'controller' && (await findOnPath('etcdctl', request.env['PATH'])) === undefined) {
      throw new UsageError('--controller: etcdctl is not on this machine\'s PATH', 'install etcd-client (or an etcd release\'s etcdctl) here, or run it on a member with --on-host');
    }
    checkEnvironment(request.env, target.certs !== undefined);
    // ssh2 and the runners load only when something runs: --print-env and refusals stay quick.
    const { runOnController } = await import('./run-on-controller.js');
    return runOnController(target, { ...common, env: request.env });
  }
  if (place.kind === 'auto') request.stderr.write('quorum etcdctl: etcdctl is not on this machine\'s PATH: running it on the first healthy member\n');
  const { runOnHost } = await import('./run-on-host.js');
  return runOnHost(target, { ...common, host: place.kind === 'host' ? place.host : undefined });
}
