import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createSchemaSet, loadPlaybook } from '../../../engine/load/index.js';

// Whatever a playbook holds, loading it gives diagnostics with a position, never an exception (which the CLI
// would print as a stack trace). Playbooks are generated from the real keywords with values of every kind.
const dir = mkdtempSync(join(tmpdir(), 'quorum-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schemas = createSchemaSet();

const scalar = fc.oneof(fc.constantFrom('etcd', '{{ x }}', 'a=b c', '', 'echo "q', 'restart'), fc.integer(), fc.boolean(), fc.constant(null));
const taskKeys = ['name', 'when', 'loop', 'with_items', 'notify', 'register', 'args', 'block', 'rescue', 'always', 'command', 'copy', 'debug', 'shell', 'include_tasks', 'import_role', 'include_role', 'listen', 'tags', 'vars', 'loop_control', 'whne', 'ansible.builtin.file'];
const playKeys = ['name', 'hosts', 'vars', 'vars_files', 'roles', 'tasks', 'pre_tasks', 'handlers', 'serial', 'rolling', 'module_defaults', 'strategy', 'become', 'hots'];
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('task'), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('cluster', 'gate', 'checks', 'role', 'name', 'file', 'x'), tie('value'), { maxKeys: 3 })),
  task: fc.dictionary(fc.constantFrom(...taskKeys), tie('value'), { maxKeys: 4 }),
}));
const play = fc.dictionary(fc.constantFrom(...playKeys), fc.oneof(value, fc.array(fc.dictionary(fc.constantFrom(...taskKeys), value, { maxKeys: 4 }), { maxLength: 3 })), { maxKeys: 6 });

describe('loadPlaybook on generated playbooks', () => {
  it('never throws, and every diagnostic names a file and a line', async () => {
    let counter = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(play, { maxLength: 3 }), async (plays) => {
        const file = `fuzz${counter++}.yml`;
        writeFileSync(join(dir, file), stringify(plays));
        const { diagnostics } = await loadPlaybook(file, { cwd: dir, schemas, matchHosts: () => ['h'] });
        for (const diagnostic of diagnostics) {
          expect(diagnostic.file).toBeTruthy();
          expect(diagnostic.line).toBeGreaterThan(0);
        }
      }),
      { numRuns: 100 },
    );
  });
});
