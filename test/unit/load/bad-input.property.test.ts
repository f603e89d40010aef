// Bad input never crashes: the inventory, playbook, plan-file and cluster-state loaders, given random text and
// real documents mutated at random (cut short, bytes dropped, inserted or swapped, lines repeated), either load or
// report diagnostics that each name the file and a line: never another kind of exception, which the CLI would
// print as a stack trace with exit 250.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QuorumError } from '../../../engine/errors.js';
import { ExitCode } from '../../../engine/exit-codes.js';
import { loadInventory } from '../../../engine/inventory/load.js';
import { createSchemaSet, loadPlaybook } from '../../../engine/load/index.js';
import { repoRoot } from '../../../engine/paths.js';
import { sealPlanText } from '../../../engine/plan/plan-seal.js';
import { buildSavedPlan } from '../../../engine/plan/saved-plan.js';
import { parseSavedPlan } from '../../../engine/plan/saved-plan-file.js';
import { parseClusterStateText } from '../../../engine/plan/state-file.js';

const dir = mkdtempSync(join(tmpdir(), 'quorum-bad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const schemas = createSchemaSet();
const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** One random edit of a document, as a bad copy, a bad merge or a bad hand edit makes. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('drop' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('{', '}', '[', ']', ':', '"', "'", '\t', '\n  - ', '{{', '%', '\u0000', '\u00a0', '- ', ': x', '&a', '*a', '!!binary ', '#', '9'.repeat(30))) }),
  fc.record({ kind: fc.constant('repeat-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), to: fc.double({ min: 0, max: 1, noNaN: true }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, edits: readonly Mutation[]): string {
  let out = text;
  for (const edit of edits) {
    const at = Math.floor(edit.at * out.length);
    if (edit.kind === 'cut') out = out.slice(0, at);
    else if (edit.kind === 'drop') out = out.slice(0, at) + out.slice(at + edit.length);
    else if (edit.kind === 'insert') out = out.slice(0, at) + edit.text + out.slice(at);
    else if (edit.kind === 'repeat-line') {
      const lines = out.split('\n');
      const i = Math.floor(edit.at * lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      out = lines.join('\n');
    } else {
      const b = Math.floor(edit.to * out.length);
      const [x, y] = [Math.min(at, b), Math.max(at, b)];
      if (y > x) out = out.slice(0, x) + out[y] + out.slice(x + 1, y) + out[x] + out.slice(y + 1);
    }
  }
  return out;
}

/** A document: a real one mutated a few times, or random text. */
const documentFrom = (original: string) =>
  fc.oneof({ weight: 4, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 4 }).map((edits) => mutate(original, edits)) }, { weight: 1, arbitrary: fc.string({ maxLength: 200 }) });

/** The loader's verdict: loaded, or diagnostics each with a file and a line; anything else fails the property. */
async function judged(file: string, load: () => Promise<unknown> | unknown): Promise<void> {
  try {
    await load();
  } catch (error) {
    if (!(error instanceof QuorumError)) throw new Error(`${file}: not a diagnostic but ${error instanceof Error ? error.stack : String(error)}`);
    expect(error.exitCode).not.toBe(ExitCode.unexpected);
    const diagnostics = (error as QuorumError & { diagnostics?: { file?: string; line?: number; code: string }[] }).diagnostics ?? [];
    for (const d of diagnostics) {
      expect(d.file, error.message).toBeTruthy();
      // A problem of the whole file (empty, or no hosts at all) has no line to point at; every other one has.
      if (!WHOLE_FILE.has(d.code)) expect(d.line, error.message).toBeGreaterThan(0);
    }
  }
}

const WHOLE_FILE = new Set(['QUORUM_INVENTORY_EMPTY']);
let counter = 0;

describe('bad input never crashes (properties)', () => {
  it('inventories (YAML and INI)', async () => {
    const yaml = read('inventories/lab-scaled/hosts.yml');
    const ini = '[etcd]\nh1 ansible_host=10.0.0.1 etcd_member_priority=2\nh[2:3] ansible_host=10.0.0.[2:3]\n\n[etcd:vars]\netcd_cluster_name="main"\n\n[k8s:children]\netcd\n';
    await fc.assert(
      fc.asyncProperty(fc.oneof(documentFrom(yaml).map((t) => ['yml', t] as const), documentFrom(ini).map((t) => ['ini', t] as const)), async ([ext, text]) => {
        const file = join(dir, `inventory-${counter++}.${ext === 'yml' ? 'yml' : 'ini'}`);
        writeFileSync(file, text);
        await judged(file, () => loadInventory([file], { playbookDir: dir }));
      }),
      { numRuns: 300 },
    );
  });

  it('playbooks (the shipped ones, mutated)', async () => {
    const playbooks = ['playbooks/deploy.yml', 'playbooks/scale-out.yml', 'playbooks/rolling-restart.yml', 'playbooks/start-members.yml'].map(read);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...playbooks).chain(documentFrom), async (text) => {
        const file = `playbook-${counter++}.yml`;
        writeFileSync(join(dir, file), text);
        await judged(file, async () => {
          const { diagnostics } = await loadPlaybook(file, { cwd: dir, schemas, matchHosts: () => ['h1'] });
          for (const d of diagnostics) {
            expect(d.file).toBeTruthy();
            expect(d.line).toBeGreaterThan(0);
          }
        });
      }),
      { numRuns: 150 },
    );
  });

  it('saved plan files (a sealed plan, mutated)', async () => {
    const state = parseClusterStateText(read('test/fixtures/cluster-states/five-members.json'), 'five.json');
    const saved = buildSavedPlan({
      engineVersion: '0.1.0',
      inputs: { inventory: 'a'.repeat(64), playbook: 'b'.repeat(64), roles: 'c'.repeat(64), extra_vars: 'd'.repeat(64) },
      states: new Map([['etcd', state]]),
      plan: { format: 1, plays: [{ name: 'restart', hosts: ['h1', 'h2'], changes: [], clusters: [{ name: 'etcd', members: 5, voters: 5, quorum: 3, tolerance: 2, unhealthy: [], unhealthy_reasons: {}, leader: 'h1', batches: [{ kind: 'followers', hosts: ['h2'], voters: 5, quorum: 3, voters_up: 4, margin: 1 }] }] }] },
    });
    const text = sealPlanText(saved);
    await fc.assert(
      fc.asyncProperty(documentFrom(text), async (mutated) => {
        await judged('plan.json', () => parseSavedPlan(mutated, 'plan.json'));
      }),
      { numRuns: 500 },
    );
  });

  it('captured cluster states', async () => {
    const captures = ['five-members.json', 'learner.json', 'endpoint-errors.json'].map((f) => read(`test/fixtures/cluster-states/${f}`));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...captures).chain(documentFrom), async (text) => {
        await judged('state.json', () => parseClusterStateText(text, 'state.json'));
      }),
      { numRuns: 500 },
    );
  });
});
