import { isAbsolute, join } from 'node:path';
import { shellQuote } from '../connect/local.js';
import { decideCluster, describeChanges, outcomeOf } from '../pki/cluster-plan.js';
import { leafNotAfter } from '../pki/decide.js';
import { issueCluster } from '../pki/issue-cluster.js';
import { checkClusterSpec, defaultClients, dirMode } from '../pki/layout.js';
import { readMembers } from '../pki/members-arg.js';
import { readPkiDir } from '../pki/read-dir.js';
import type { ClusterPkiSpec } from '../pki/types.js';
import type { ArgsOf } from './args/spec.js';
import { defineModule } from './define.js';
import { formatMode } from './support/mode.js';
import type { JsonObject, ModuleContext, ModulePlan, RemoteStep } from './types.js';

// quorum.etcd.etcd_pki: a cluster's CA and certificates, kept in a PKI dir on the controller (the role
// delegates it to localhost). `prepare` reads the dir, decides and issues in memory; the plan's steps write
// the files, so check mode predicts and writes nothing. Output and diffs name files and reasons, never keys.

export const etcdPkiSpec = {
  options: {
    dir: { type: 'path', required: true },
    members: { type: 'list', elements: 'raw', required: true },
    // Mutable lists: a readonly tuple is not a JsonValue default.
    clients: { type: 'list', elements: 'str', default: [...defaultClients] as string[] },
    key_type: { type: 'str', default: 'ecdsa', choices: ['ecdsa', 'rsa'] },
    renew_days: { type: 'int', default: 30 },
    valid_days: { type: 'int', default: 825 },
    ca_valid_days: { type: 'int', default: 3650 },
    cluster: { type: 'str', default: 'etcd' },
    extra_sans: { type: 'list', elements: 'str', default: [] as string[] },
  },
} as const;

type EtcdPkiArgs = ArgsOf<typeof etcdPkiSpec>;

/** The whole outcome, computed on the controller before anything is written. */
interface PreparedPki {
  plan: ModulePlan;
}

function clusterSpec(args: EtcdPkiArgs): { spec: ClusterPkiSpec; problems: string[] } {
  const { members, problems } = readMembers(args.members);
  const spec: ClusterPkiSpec = {
    cluster: args.cluster,
    members,
    clients: args.clients,
    extraSans: args.extra_sans,
    keyType: args.key_type,
    renewDays: args.renew_days,
    validDays: args.valid_days,
    caValidDays: args.ca_valid_days,
  };
  return { spec, problems: [...problems, ...checkClusterSpec(spec)] };
}

function summary(issued: readonly { file: string; reason: string }[], kept: number, fixes: number, warnings: readonly string[]): string {
  const parts: string[] = [];
  if (issued.length > 0) parts.push(`issued ${issued.length}: ${issued.map((i) => `${i.file} (${i.reason})`).join(', ')}`);
  parts.push(issued.length === 0 ? `kept all ${kept} certificates` : `kept ${kept}`);
  if (fixes > 0) parts.push(`fixed the mode of ${fixes} file${fixes === 1 ? '' : 's'}`);
  return [parts.join('; '), ...warnings.map((w) => `warning: ${w}`)].join('; ');
}

async function preparePki(args: EtcdPkiArgs, ctx: ModuleContext): Promise<PreparedPki> {
  if (ctx.onController !== true) {
    throw new Error(
      `etcd_pki keeps the cluster's CA and keys on the controller: run the task with delegate_to: localhost, run_once: true and become: false (it was about to run on ${ctx.inventoryHostname})`,
    );
  }
  if (!isAbsolute(args.dir)) throw new Error(`dir: '${args.dir}' is relative: give the PKI dir as an absolute path on the controller (the role uses etcd_pki_dir)`);
  const { spec, problems } = clusterSpec(args);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const now = ctx.now();
  const snapshot = await readPkiDir(args.dir, spec);
  const decisions = decideCluster(spec, snapshot, now, args.dir);
  if (decisions.ca.action === 'refuse') throw new Error(decisions.ca.message);
  const outcome = outcomeOf(decisions);
  // Check mode never writes, so it makes no keys either: the decisions alone say what would change.
  const writes = ctx.check ? [] : await issueCluster(spec, decisions, snapshot, now);

  const steps: RemoteStep[] = [];
  const absolute = (file: string) => (file === '' ? args.dir : join(args.dir, file));
  if (decisions.dirs.length > 0) {
    const paths = decisions.dirs.map((d) => shellQuote(absolute(d))).join(' ');
    steps.push({ kind: 'exec', command: `mkdir -p -- ${paths} && chmod ${formatMode(dirMode)} -- ${paths}` });
  }
  for (const fix of decisions.modeFixes) {
    steps.push({ kind: 'exec', command: `chmod ${formatMode(fix.mode)} -- ${shellQuote(absolute(fix.file))}` });
  }
  for (const write of writes) {
    steps.push({ kind: 'put', path: absolute(write.file), content: Buffer.from(write.content, 'utf8'), mode: write.mode });
  }
  const warnings = decisions.ca.action === 'keep' && decisions.ca.warning ? [decisions.ca.warning] : [];
  const values: JsonObject = {
    dir: args.dir,
    ca_file: absolute('ca.crt'),
    issued: outcome.issued.map((i) => ({ file: i.file, reason: i.reason })),
    kept: outcome.kept,
  };
  const plan: ModulePlan = {
    changed: outcome.issued.length > 0 || decisions.dirs.length > 0 || decisions.modeFixes.length > 0,
    steps,
    values,
    msg: summary(outcome.issued, outcome.kept.length, decisions.modeFixes.length, warnings),
  };
  if (ctx.diff && plan.changed) {
    const changes = describeChanges(decisions, () => leafNotAfter(now, spec.validDays, decisions.caNotAfter));
    const modeLines = [
      ...decisions.dirs.map((d) => `${d === '' ? '.' : d}/: directory, mode ${formatMode(dirMode)}`),
      ...decisions.modeFixes.map((f) => `${f.file}: mode ${formatMode(f.mode)}`),
    ].join('\n');
    plan.diff = {
      before: changes.before,
      after: changes.after + (modeLines === '' ? '' : `${modeLines}\n`),
      before_header: `${args.dir} (now)`,
      after_header: `${args.dir} (after this run)`,
    };
  }
  return { plan };
}

export const etcd_pki = defineModule<typeof etcdPkiSpec, Record<never, never>, PreparedPki>(etcdPkiSpec, {
  name: 'etcd_pki',
  prepare: preparePki,
  // Everything is read on the controller in prepare: nothing is gathered through the connection.
  gather: () => ({}),
  plan: (_args, _facts, local) => local.plan,
});
