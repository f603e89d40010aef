// The shapes of playbooks and roles AS WRITTEN (Ansible's snake_case keys, lists or single values, free-form
// strings), which is what the schemas guarantee after validation. Only the normaliser reads these; everything
// after loading uses the resolved types of types.ts.
import type { YamlMapping, YamlValue } from './types.js';

export type WrittenCondition = string | boolean | (string | boolean)[];
export type WrittenNames = string | (string | number)[];
export type WrittenBool = boolean | string;

export interface WrittenCommonKeywords {
  name?: string;
  when?: WrittenCondition;
  tags?: WrittenNames;
  become?: WrittenBool;
  become_user?: string;
  ignore_errors?: WrittenBool;
  check_mode?: WrittenBool;
  diff?: WrittenBool;
  no_log?: WrittenBool;
  run_once?: WrittenBool;
  delegate_to?: string;
  environment?: YamlMapping | string;
  vars?: YamlMapping | null;
}

export interface WrittenLoopControl {
  loop_var?: string;
  index_var?: string;
  label?: string;
  pause?: number | string;
  extended?: WrittenBool;
}

export interface WrittenRoleInclude {
  name: string;
  tasks_from?: string;
  handlers_from?: string;
  defaults_from?: string;
  vars_from?: string;
  public?: WrittenBool;
}

/** A task or handler: keywords plus exactly one module key (any key not listed here) holding its args. */
export interface WrittenTask extends WrittenCommonKeywords {
  register?: string;
  loop?: YamlValue[] | string;
  with_items?: YamlValue[] | string;
  loop_control?: WrittenLoopControl;
  until?: WrittenCondition;
  retries?: number | string;
  delay?: number | string;
  notify?: WrittenNames;
  changed_when?: WrittenCondition;
  failed_when?: WrittenCondition;
  args?: YamlMapping | string;
  import_tasks?: string;
  include_tasks?: string | { file: string };
  import_role?: WrittenRoleInclude;
  include_role?: WrittenRoleInclude;
  listen?: WrittenNames;
  /** Module keys: their arguments as a mapping, a free-form string, or nothing. */
  [moduleKey: string]: YamlValue | WrittenLoopControl | WrittenRoleInclude | { file: string } | undefined;
}

export interface WrittenBlock extends WrittenCommonKeywords {
  block: WrittenTaskList;
  rescue?: WrittenTaskList;
  always?: WrittenTaskList;
}

export type WrittenTaskList = (WrittenTask | WrittenBlock)[] | null;

/** `- etcd_install` or `{role: etcd_install, ...params}`. */
export type WrittenRoleReference = string | (WrittenCommonKeywords & { role?: string; [param: string]: YamlValue | undefined });

export interface WrittenPlay {
  name?: string;
  hosts: string | string[];
  vars?: YamlMapping | null;
  vars_files?: string[];
  roles?: WrittenRoleReference[] | null;
  pre_tasks?: WrittenTaskList;
  tasks?: WrittenTaskList;
  post_tasks?: WrittenTaskList;
  handlers?: WrittenTask[] | null;
  serial?: number | string | (number | string)[];
  max_fail_percentage?: number | string;
  any_errors_fatal?: WrittenBool;
  gather_facts?: WrittenBool;
  become?: WrittenBool;
  become_user?: string;
  tags?: WrittenNames;
  environment?: YamlMapping | string;
  check_mode?: WrittenBool;
  force_handlers?: WrittenBool;
  ignore_errors?: WrittenBool;
  strategy?: 'linear';
  module_defaults?: Record<string, YamlMapping>;
  rolling?: {
    cluster: string;
    cluster_var?: string;
    max_unavailable?: number;
    gate?: { checks?: number; interval?: number; timeout?: number };
  };
}

export interface WrittenRoleMeta {
  dependencies?: WrittenRoleReference[] | null;
  allow_duplicates?: WrittenBool;
}
