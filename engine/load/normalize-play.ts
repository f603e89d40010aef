// Written plays -> resolved Plays. Besides the shape, this is where a play meets the inventory: a `hosts`
// pattern (and a rolling cluster group) that matches no host is reported here, at its own line.
import { isAbsolute, join } from 'node:path';
import { moduleNames, resolveModuleName, type ModuleName } from '../modules/names.js';
import { closestMatch } from './did-you-mean.js';
import { isFile, isTemplated, readDocument, type LoadContext } from './load-context.js';
import { commonKeywords, normaliseHandlerList, normaliseTaskList, type TaskScope } from './normalize-task.js';
import { roleReference } from './roles.js';
import { defaultHealthGate, type SourcePosition, type ModuleArgs, type Play, type Rolling, type RoleReference, type SerialStep, type VarsFile } from './types.js';
import { isMapping, list, mapping, optionalBool, optionalNumberOrTemplate, optionalString, type WrittenMapping } from './written-values.js';
import { positionOf, type PathSegment, type YamlSource } from './yaml-file.js';

/** Host pattern -> the inventory hosts it selects (the inventory's selectHosts, bound to one inventory). */
export type MatchHosts = (pattern: string) => readonly string[];

function hostsPattern(value: unknown): string {
  if (Array.isArray(value)) return value.filter((item) => typeof item === 'string').join(',');
  return typeof value === 'string' ? value : '';
}

function serial(value: unknown): SerialStep[] {
  const steps = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return steps.filter((step): step is SerialStep => typeof step === 'number' || typeof step === 'string');
}

function rolling(value: unknown, pos: SourcePosition): Rolling | undefined {
  if (!isMapping(value) || typeof value.cluster !== 'string') return undefined;
  const gate = mapping(value.gate);
  return {
    cluster: value.cluster,
    clusterVar: optionalString(value.cluster_var),
    maxUnavailable: typeof value.max_unavailable === 'number' ? value.max_unavailable : undefined,
    members: value.members === 'joining' ? 'joining' : 'all',
    gate: {
      checks: typeof gate.checks === 'number' ? gate.checks : defaultHealthGate.checks,
      interval: typeof gate.interval === 'number' ? gate.interval : defaultHealthGate.interval,
      timeout: typeof gate.timeout === 'number' ? gate.timeout : defaultHealthGate.timeout,
    },
    pos,
  };
}

function moduleDefaults(ctx: LoadContext, source: YamlSource, value: unknown, path: readonly PathSegment[]): Partial<Record<ModuleName, ModuleArgs>> {
  const defaults: Partial<Record<ModuleName, ModuleArgs>> = {};
  for (const [key, args] of Object.entries(mapping(value))) {
    const module = resolveModuleName(key);
    if (!module) {
      const suggestion = closestMatch(key.replace(/^[a-z0-9_]+\.[a-z0-9_]+\./, ''), moduleNames);
      ctx.structural.push({
        severity: 'error',
        code: 'QUORUM_UNKNOWN_MODULE',
        message: `unknown module '${key}' in module_defaults`,
        ...positionOf(source, [...path, key], 'key'),
        hint: suggestion ? `did you mean '${suggestion}'?` : `quorum's modules are ${moduleNames.join(', ')}`,
      });
    } else if (isMapping(args)) {
      defaults[module] = mapping(args);
    }
  }
  return defaults;
}

async function varsFiles(ctx: LoadContext, source: YamlSource, value: unknown, path: readonly PathSegment[]): Promise<VarsFile[]> {
  const files: VarsFile[] = [];
  for (const [index, item] of list(value).entries()) {
    if (typeof item !== 'string') continue;
    const pos = positionOf(source, [...path, index]);
    if (isTemplated(item)) {
      files.push({ file: item, pos });
      continue;
    }
    const absolute = isAbsolute(item) ? item : join(ctx.playbookDir, item);
    if (!isFile(absolute)) {
      ctx.semantic.push({
        severity: 'error',
        code: 'QUORUM_VARS_FILE_NOT_FOUND',
        message: `vars file '${item}' not found`,
        ...pos,
        hint: `paths are relative to the playbook's directory, ${ctx.display(ctx.playbookDir) || '.'}`,
      });
      files.push({ file: item, pos });
      continue;
    }
    const vars = await readDocument(ctx, absolute, 'varsFile');
    files.push({ file: item, vars: mapping(vars?.value), pos });
  }
  return files;
}

function checkHostsMatch(ctx: LoadContext, source: YamlSource, path: readonly PathSegment[], pattern: string, matchHosts: MatchHosts | undefined, what: string): void {
  if (!matchHosts || pattern === '' || isTemplated(pattern)) return;
  if (matchHosts(pattern).length > 0) return;
  // A group_by task read before this play may create the group at run time: then it is only a warning.
  const groupBy = ctx.groupByTasks[0];
  ctx.semantic.push({
    severity: groupBy ? 'warning' : 'error',
    code: 'QUORUM_HOSTS_NO_MATCH',
    message: `${what} '${pattern}' matches no host of the inventory`,
    ...positionOf(source, path),
    hint: groupBy
      ? `unless the group_by task at ${groupBy.file}:${groupBy.line} creates it at run time`
      : 'check the name against `quorum inventory --graph`',
  });
}

export async function normalisePlay(
  ctx: LoadContext,
  source: YamlSource,
  written: WrittenMapping,
  path: readonly PathSegment[],
  matchHosts: MatchHosts | undefined,
): Promise<Play> {
  const scope: TaskScope = { source, searchDirs: [ctx.playbookDir], fileChain: [] };
  const hosts = hostsPattern(written.hosts);
  checkHostsMatch(ctx, source, [...path, 'hosts'], hosts, matchHosts, 'hosts pattern');
  const roles: RoleReference[] = [];
  for (const [index, entry] of list(written.roles).entries()) {
    const reference = roleReference(ctx, source, entry, [...path, 'roles', index]);
    if (!reference) continue;
    roles.push(reference);
    if (!isTemplated(reference.role)) await ctx.requireRole(reference.role, reference.pos);
  }
  const keywords = commonKeywords(written);
  const playRolling = rolling(written.rolling, positionOf(source, [...path, 'rolling']));
  if (playRolling) checkHostsMatch(ctx, source, [...path, 'rolling', 'cluster'], playRolling.cluster, matchHosts, 'rolling cluster group');
  return {
    name: optionalString(written.name),
    hosts,
    become: keywords.become,
    becomeUser: keywords.becomeUser,
    ignoreErrors: keywords.ignoreErrors,
    checkMode: keywords.checkMode,
    environment: keywords.environment,
    tags: keywords.tags,
    vars: keywords.vars,
    varsFiles: await varsFiles(ctx, source, written.vars_files, [...path, 'vars_files']),
    roles,
    preTasks: await normaliseTaskList(ctx, scope, written.pre_tasks, [...path, 'pre_tasks']),
    tasks: await normaliseTaskList(ctx, scope, written.tasks, [...path, 'tasks']),
    postTasks: await normaliseTaskList(ctx, scope, written.post_tasks, [...path, 'post_tasks']),
    handlers: await normaliseHandlerList(ctx, scope, written.handlers, [...path, 'handlers']),
    serial: serial(written.serial),
    maxFailPercentage: optionalNumberOrTemplate(written.max_fail_percentage),
    anyErrorsFatal: optionalBool(written.any_errors_fatal),
    gatherFacts: optionalBool(written.gather_facts),
    forceHandlers: optionalBool(written.force_handlers),
    strategy: 'linear',
    moduleDefaults: moduleDefaults(ctx, source, written.module_defaults, [...path, 'module_defaults']),
    rolling: playRolling,
    pos: positionOf(source, path),
    dir: ctx.playbookDir,
    importWhen: [],
  };
}
