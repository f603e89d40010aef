import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../../engine/diagnostics.js';
import { createSchemaSet, loadPlaybook } from '../../../engine/load/index.js';
import { moduleNames } from '../../../engine/modules/names.js';
import { repoRoot } from '../../../engine/paths.js';

// Each broken playbook of test/fixtures/playbooks/errors and the exact lines `quorum check` prints for it.
// Module arguments are checked by the module registry, as in a real run (module-args.yml: the templated
// arguments there are left for run time).
// The inventory stand-in knows one group, `etcd`.
const fixtures = join(repoRoot, 'test/fixtures/playbooks/errors');
const schemas = createSchemaSet();
const matchHosts = (pattern: string) => (pattern === 'etcd' ? ['etcd1', 'etcd2', 'etcd3'] : []);

async function diagnosticsOf(file: string): Promise<string[]> {
  const { diagnostics, playbook } = await loadPlaybook(file, { cwd: fixtures, schemas, matchHosts });
  if (diagnostics.some((d) => d.severity === 'error')) expect(playbook).toBeUndefined();
  return diagnostics.map(formatDiagnostic);
}

describe('broken playbooks: every problem, one line each, with its position', () => {
  it.each([
    [
      'block-issues.yml',
      [
        "block-issues.yml:5:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'shell' in a block (a block runs no module itself: move it into a task under the block)",
        "block-issues.yml:6:14: QUORUM_TASK_FREE_FORM: the arguments of 'shell' have an unclosed quote (close it, or write the arguments as a mapping)",
      ],
    ],
    [
      'duplicate-key.yml',
      [
        "duplicate-key.yml:3:3: QUORUM_YAML_DUPLICATE_KEY: the key 'name' appears twice in this mapping (remove one of the two, or rename it)",
      ],
    ],
    [
      'empty-role.yml',
      [
        "empty-role.yml:3:7: warning: QUORUM_ROLE_EMPTY: role 'empty_role' at roles/empty_role has no tasks, handlers, defaults, vars or meta main.yml (add empty_role/tasks/main.yml)",
      ],
    ],
    [
      'empty.yml',
      [
        "empty.yml:1:1: QUORUM_PLAYBOOK_EMPTY: the playbook is empty (add a play: `- hosts: etcd`)",
      ],
    ],
    [
      'free-form-copy.yml',
      [
        "free-form-copy.yml:3:13: QUORUM_TASK_FREE_FORM: module 'copy' takes key=value arguments, but '/tmp/x' is not one (write each argument as name=value, or as a mapping under the module)",
      ],
    ],
    [
      'handler-without-name.yml',
      [
        "handler-without-name.yml:3:7: QUORUM_HANDLER_NO_NAME: a handler needs a name (or listen) to be notified by (add 'name:' and notify it by that name)",
      ],
    ],
    [
      'hosts-no-match.yml',
      [
        "hosts-no-match.yml:1:10: QUORUM_HOSTS_NO_MATCH: hosts pattern 'etcdd' matches no host of the inventory (check the name against `quorum inventory --graph`)",
      ],
    ],
    [
      'loop-and-with-items.yml',
      [
        "loop-and-with-items.yml:5:7: QUORUM_TASK_DUPLICATE_LOOP: a task has either 'loop' or 'with_items', not both (keep 'loop')",
      ],
    ],
    [
      'malformed.yml',
      [
        "malformed.yml:3:5: QUORUM_YAML_SYNTAX: Block collections are not allowed within flow collections",
      ],
    ],
    [
      'missing-task-file.yml',
      [
        "missing-task-file.yml:3:21: QUORUM_TASKS_FILE_NOT_FOUND: task file 'tasks/missing.yml' not found (looked in .)",
      ],
    ],
    [
      'module-args.yml',
      [
        'module-args.yml:4:9: QUORUM_MODULE_ARGS: copy: one of the following is required: content, src',
        // The list of supported parameters belongs to the copy module and changes with it.
        expect.stringMatching(/^module-args\.yml:5:9: QUORUM_MODULE_ARGS: copy: Unsupported parameters for \(copy\) module: contnt\. Supported parameters include: .*content.* \(did you mean 'content'\?\)$/),
        'module-args.yml:6:7: QUORUM_MODULE_ARGS: file: value of state must be one of: absent, directory, file, link, touch, got: bogus',
        "module-args.yml:17:9: QUORUM_MODULE_ARGS: command: argument 'stdin_add_newline' is of type <class 'str'> and we were unable to convert to bool: The value 'maybe' is not a valid boolean.",
        "module-args.yml:18:14: QUORUM_SCHEMA_TYPE: 'debug' must be a mapping of arguments, a string of key=value words, or empty, not a list",
      ],
    ],
    [
      'no-module.yml',
      [
        "no-module.yml:3:7: QUORUM_TASK_NO_MODULE: this task runs no module (add a module key, e.g. `command: ...`)",
      ],
    ],
    [
      'play-keys.yml',
      [
        "play-keys.yml:3:5: QUORUM_UNKNOWN_MODULE: unknown module 'copyy' in module_defaults (did you mean 'copy'?)",
        "play-keys.yml:5:5: QUORUM_SCHEMA_BAD_NAME: 'bad-name' is not a valid variable name (use letters, digits and underscores, not starting with a digit)",
        "play-keys.yml:6:13: QUORUM_SCHEMA_VALUE: 'strategy' must be one of 'linear', not the string \"free\"",
        "play-keys.yml:7:3: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'vars_prompt' in a play (quorum does not prompt: pass the value with -e name=value)",
      ],
    ],
    [
      'role-cycle.yml',
      [
        "roles/cycle_b/meta/main.yml:2:5: QUORUM_ROLE_CYCLE: role 'cycle_a' depends on itself: cycle_a -> cycle_b -> cycle_a (remove one of these dependencies)",
      ],
    ],
    [
      'role-without-name.yml',
      [
        "role-without-name.yml:3:7: QUORUM_ROLE_NO_NAME: a role entry needs 'role:' (write it as `- role: NAME`)",
      ],
    ],
    [
      'rolling-bad.yml',
      [
        "rolling-bad.yml:4:22: QUORUM_SCHEMA_VALUE: 'max_unavailable' must be >= 1, not the number 0",
        "rolling-bad.yml:5:23: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'timout' in rolling.gate (did you mean 'timeout'?)",
      ],
    ],
    [
      'tab.yml',
      [
        "tab.yml:3:1: QUORUM_YAML_TAB: Tabs are not allowed as indentation (indent with spaces; YAML does not allow tabs there)",
      ],
    ],
    [
      'task-keys.yml',
      [
        "task-keys.yml:6:17: QUORUM_SCHEMA_BAD_NAME: 'register' must be a variable name, not the string \"1bad\" (use letters, digits and underscores, not starting with a digit)",
        "task-keys.yml:8:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'debugg' in a task (did you mean the module 'debug'?)",
        "task-keys.yml:9:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'ansible.builtin.servic' in a task (did you mean the module 'service'?)",
        `task-keys.yml:10:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'frobnicate' in a task (quorum has no module or task keyword of that name; its modules are ${moduleNames.join(', ')})`,
        "task-keys.yml:11:7: QUORUM_SCHEMA_UNKNOWN_KEY: unknown key 'rescue' in a task ('rescue' belongs to a block: put the tasks under 'block:')",
      ],
    ],
    [
      'unquoted-template.yml',
      [
        "unquoted-template.yml:5:13: QUORUM_YAML_UNQUOTED_TEMPLATE: a value that starts with \"{{\" must be quoted, or YAML reads it as a mapping (write it as \"{{ ... }}\")",
      ],
    ],
    [
      'vars-file-list.yml',
      [
        "vars/list.yml:1:1: QUORUM_SCHEMA_TYPE: a vars file must be a mapping or empty, not a list",
      ],
    ],
    [
      'when-mapping.yml',
      [
        "when-mapping.yml:5:9: QUORUM_SCHEMA_TYPE: 'when' must be a string, a boolean or a list, not a mapping",
      ],
    ],
    [
      'missing.yml',
      [
        "missing.yml: QUORUM_FILE_UNREADABLE: cannot read the file: no such file",
      ],
    ],
  ] as [string, unknown[]][])('%s', async (file, expected) => {
    expect(await diagnosticsOf(file)).toEqual(expected);
  });
});
