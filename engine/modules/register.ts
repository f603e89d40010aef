import type { JsonObject, ModuleResult } from './types.js';

// What `register:` stores for a task, in Ansible's shape: the module's own fields beside changed, failed,
// skipped, msg, diff, and ansible_facts for set_fact.

export function registeredValue(result: ModuleResult): JsonObject {
  const value: JsonObject = { ...result.values, changed: result.changed };
  if (result.failed) value['failed'] = true;
  if (result.skipped) value['skipped'] = true;
  if (result.msg !== undefined) value['msg'] = result.msg;
  if (result.diff) value['diff'] = { ...result.diff };
  if (result.facts) value['ansible_facts'] = result.facts;
  return value;
}
