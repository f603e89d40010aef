// The inventory oracle: for every fixture under test/fixtures/inventories/, the built `quorum inventory` must
// print what the real `ansible-inventory` (ansible-core 2.14) prints, for --list, --host (every host), --graph
// and --list --limit. Both run as whole processes in the fixture's directory with the same relative -i paths.
//
// Ansible costs about a second per start, so each Ansible answer is fetched once per case and shared by the
// tests that need it, and processes run a few at a time (the CI machine has two cores).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../engine/paths.js';
import {
  ansibleHostsForPatterns,
  ansibleInventory,
  createAnsibleSandbox,
  type AnsibleSandbox,
} from '../support/ansible.js';
import { loadOracleCases, type OracleCase } from './cases.js';
import {
  hostRepresentatives,
  hostVarsOf,
  limitListing,
  listedHosts,
  type HostVars,
  type InventoryListing,
} from './listing.js';
import { describeOutcome, quorumInventory } from './quorum-cli.js';

const fixturesRoot = join(repoRoot, 'test', 'fixtures', 'inventories');
const cases = loadOracleCases(fixturesRoot);
const processSlots = 3;
// Tests wait for shared Ansible answers and for a free process slot; on a busy two-core machine that queue, not
// the work of the test itself, can take most of a minute.
const testTimeout = 180_000;

/** Lazily computed, shared answers: the first test that asks starts the process, the others await it. */
function once<T>(compute: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= compute());
}

describe('the fixture table', () => {
  it('has at least 25 inventories, each with a description and at least one -i source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
    expect(cases.filter((c) => c.about === '' || c.inventories.length === 0)).toEqual([]);
  });

  it('names only -i sources that exist', () => {
    const missing = cases.flatMap((c) =>
      c.inventories.filter((source) => !existsSync(join(c.dir, source))).map((source) => `${c.name}/${source}`),
    );
    expect(missing).toEqual([]);
  });
});

describe.concurrent('quorum inventory agrees with ansible-inventory', () => {
  const slot = pLimit(processSlots);
  let sandbox: AnsibleSandbox | undefined;
  beforeAll(async () => {
    sandbox = await createAnsibleSandbox();
  });
  afterAll(async () => {
    await sandbox?.dispose();
  });
  const readySandbox = (): AnsibleSandbox => {
    if (!sandbox) throw new Error('the Ansible sandbox was not created (beforeAll failed)');
    return sandbox;
  };
  const ansible = (c: OracleCase, args: readonly string[]): Promise<string> =>
    slot(() => ansibleInventory(readySandbox(), c.dir, c.inventories, args));
  const quorum = async (c: OracleCase, args: readonly string[]): Promise<string> => {
    const outcome = await slot(() => quorumInventory(c.dir, c.inventories, args));
    expect(outcome.exitCode, describeOutcome(args, outcome)).toBe(0);
    return outcome.stdout;
  };

  describe.each(cases)('$name', (c) => {
    const ansibleListing = once(async () => JSON.parse(await ansible(c, ['--list'])) as InventoryListing);
    const ansibleSelections = once(() =>
      slot(() => ansibleHostsForPatterns(readySandbox(), c.dir, c.inventories, c.limits)),
    );

    it('--list', { timeout: testTimeout }, async () => {
      const [expected, actual] = await Promise.all([ansibleListing(), quorum(c, ['--list'])]);
      expect(JSON.parse(actual)).toEqual(expected);
    });

    it('--host, for one host of each kind (same groups, same variables)', { timeout: testTimeout }, async () => {
      const expected = await ansibleListing();
      const hosts = hostRepresentatives(expected);
      const answers = await Promise.all(
        hosts.map(async (host) => [host, JSON.parse(await quorum(c, ['--host', host])) as HostVars] as const),
      );
      expect(Object.fromEntries(answers)).toEqual(Object.fromEntries(hosts.map((h) => [h, hostVarsOf(expected, h)])));
    });

    if (c.graph) {
      it('--graph', { timeout: testTimeout }, async () => {
        const [expected, actual] = await Promise.all([ansible(c, ['--graph']), quorum(c, ['--graph'])]);
        expect(actual.trimEnd()).toBe(expected.trimEnd());
      });
    }

    if (c.ansibleHostChecks.length > 0) {
      // The --host comparison above uses --list's _meta.hostvars to save an Ansible start per host; these prove,
      // with the real `ansible-inventory --host`, that the two agree.
      const title = 'ansible-inventory --host %s equals its --list hostvars';
      it.each(c.ansibleHostChecks)(title, { timeout: testTimeout }, async (host) => {
        const [listing, single] = await Promise.all([ansibleListing(), ansible(c, ['--host', host])]);
        expect(listedHosts(listing)).toContain(host);
        expect(JSON.parse(single)).toEqual(hostVarsOf(listing, host));
      });
    }

    if (c.limits.length > 0) {
      it.each(c.limits)('--list --limit %s', { timeout: testTimeout }, async (pattern) => {
        const [listing, selections, actual] = await Promise.all([
          ansibleListing(),
          ansibleSelections(),
          quorum(c, ['--list', '--limit', pattern]),
        ]);
        const selected = new Set(selections.get(pattern) ?? []);
        expect(JSON.parse(actual)).toEqual(limitListing(listing, selected));
      });
    }
  });
});
