import { assert } from './assert.js';
import { blockinfile } from './blockinfile.js';
import { command } from './command.js';
import { copy } from './copy.js';
import { debug } from './debug.js';
import { etcd_member } from './etcd_member.js';
import { etcd_pki } from './etcd_pki.js';
import type { Module } from './define.js';
import { fail } from './fail.js';
import { fetch } from './fetch.js';
import { file } from './file.js';
import { group_by } from './group_by.js';
import { lineinfile } from './lineinfile.js';
import { meta } from './meta.js';
import { resolveModuleName } from './names.js';
import { pause } from './pause.js';
import { raw } from './raw.js';
import { service } from './service.js';
import { set_fact } from './set_fact.js';
import { shell } from './shell.js';
import { stat } from './stat.js';
import { systemd } from './systemd.js';
import { template } from './template.js';
import { unarchive } from './unarchive.js';
import { wait_for } from './wait_for.js';
import { group } from './group.js';
import { user } from './user.js';
import { get_url } from './get_url.js';
import type { JsonObject } from './types.js';
import type { ArgProblem } from './args/validate.js';

// Every module quorum has, by its ansible.builtin short name. The keys are the name union.

export const modules = {
  command,
  shell,
  raw,
  copy,
  template,
  file,
  stat,
  lineinfile,
  blockinfile,
  unarchive,
  fetch,
  service,
  systemd,
  wait_for,
  assert,
  fail,
  debug,
  set_fact,
  group_by,
  pause,
  meta,
  etcd_member,
  etcd_pki,
  group,
  user,
  get_url,
} as const satisfies { [name: string]: Module };

export type RegisteredModuleName = keyof typeof modules;

/** Modules that run on the controller only: they have no steps and never touch the host. */
export const controllerModules: ReadonlySet<RegisteredModuleName> = new Set(['assert', 'fail', 'debug', 'set_fact', 'group_by', 'pause', 'meta']);

/** The module for a task's key (short name or FQCN), or undefined when quorum has none. */
export function findModule(key: string): Module | undefined {
  const name = resolveModuleName(key);
  return name === undefined ? undefined : modules[name];
}

/** The JSON Schema of a module's arguments, for the loader; undefined for an unknown module. */
export function moduleArgSchema(key: string): JsonObject | undefined {
  return findModule(key)?.schema;
}

/** Checks a task's arguments with Ansible's messages (each naming its argument where there is one). */
export function checkModuleArgs(key: string, args: JsonObject): ArgProblem[] {
  const module = findModule(key);
  if (!module) return [{ message: `couldn't resolve module/action '${key}'` }];
  return module.check(args).problems;
}
