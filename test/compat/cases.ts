import { join } from 'node:path';
import { repoRoot } from '../../engine/paths.js';

// The oracle's table: one row per run of a playbook. Each playbook's site.yml opens with the behaviour it
// expects; `behaviour` repeats it in a line for the failure message.

export const compatRoot = join(repoRoot, 'test', 'compat', 'playbooks');

export interface CompatCase {
  /** The row's name, also its directory on the hosts: /opt/compat/<name>. */
  name: string;
  /** The playbook directory under playbooks/, when several rows share one (default: name). */
  playbook?: string;
  /** More ansible-playbook / quorum run options (the same for both). */
  args?: readonly string[];
  behaviour: string;
}

export const compatCases: readonly CompatCase[] = [
  { name: 'when-register', behaviour: 'register, when, changed_when, failed_when, set_fact, assert, creates' },
  { name: 'loops', behaviour: 'loop, with_items, loop_control (loop_var, index_var, label), when per item, registered loops' },
  { name: 'until-retries', behaviour: 'until/retries/delay that succeeds on the third attempt and one that gives up; stat' },
  { name: 'blocks', behaviour: 'block/rescue/always, nested blocks, ignore_errors in a block, a failing always' },
  { name: 'handlers', behaviour: 'notify, listen, meta: flush_handlers, handler order, no notify from an unchanged task' },
  { name: 'tags-only', playbook: 'tags', args: ['--tags', 'config'], behaviour: '--tags with always, never, block and play tags' },
  { name: 'tags-skip', playbook: 'tags', args: ['--skip-tags', 'config,deploy'], behaviour: '--skip-tags on task and block tags' },
  { name: 'tags-never', playbook: 'tags', args: ['--tags', 'debug,deploy'], behaviour: '--tags naming a never-tagged task' },
  { name: 'serial', behaviour: 'serial as a list, a percentage and a number; ansible_play_batch' },
  { name: 'max-fail', behaviour: 'max_fail_percentage 0 with serial 1 ends the run at the first failure' },
  { name: 'any-errors-fatal', behaviour: 'any_errors_fatal stops every host after a failure; a rescued one does not' },
  { name: 'ignore-errors-run-once', behaviour: 'ignore_errors, failed_when false, run_once, delegate_to localhost, no_log' },
  { name: 'roles-includes', behaviour: 'roles (defaults, vars, handlers, templates, files, meta deps), vars_files, import/include_tasks, include_role' },
  { name: 'facts', behaviour: 'gather_facts and the facts playbooks read most' },
  { name: 'file-edits', behaviour: 'lineinfile, blockinfile, file (link, absent, symbolic mode), copy force: false, stat of a link' },
  { name: 'archive-fetch-wait', behaviour: 'unarchive remote_src and creates, fetch (tree and flat), wait_for path and port, pause' },
  { name: 'check-diff', args: ['--check', '--diff'], behaviour: 'check mode with check_mode: false tasks, diff' },
  { name: 'become-vars-files', behaviour: 'become per play and task, owners of written files, raw, vars_files' },
  { name: 'group-by', behaviour: 'group_by with a templated key and parents; later plays on the new group and its parent' },
  { name: 'import-playbook', behaviour: "import_playbook with vars and when; the imported play's own directory for files/ and playbook_dir" },
];

export function playbookOf(row: CompatCase): string {
  return join(compatRoot, row.playbook ?? row.name, 'site.yml');
}
