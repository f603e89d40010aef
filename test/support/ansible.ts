// Helpers that run the real Ansible tools (Debian's ansible-core) as reference implementations. Every call runs
// with a sealed environment: a throw-away HOME and an empty ansible.cfg, so that no user or machine config, no
// collections in ~/.ansible and no colour codes change what the oracle sees.
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private home for Ansible runs; dispose() removes it. */
export interface AnsibleSandbox {
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

/** What one Ansible process printed and how it ended. */
export interface ProcessOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

// Ansible prints a few hundred KB of JSON for the bigger fixtures and the bench inventory.
const maxOutputBytes = 256 * 1024 * 1024;

export async function createAnsibleSandbox(): Promise<AnsibleSandbox> {
  const home = await mkdtemp(join(tmpdir(), 'quorum-ansible-'));
  const config = join(home, 'ansible.cfg');
  await writeFile(config, '# empty on purpose: the oracle compares against Ansible defaults\n');
  await mkdir(join(home, 'tmp'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    HOME: home,
    ANSIBLE_CONFIG: config,
    ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_FORCE_COLOR: '0',
    ANSIBLE_DEPRECATION_WARNINGS: 'False',
    ANSIBLE_SYSTEM_WARNINGS: 'False',
    ANSIBLE_LOCALHOST_WARNING: 'False',
    ANSIBLE_RETRY_FILES_ENABLED: 'False',
    // By default Ansible only warns about a source it cannot parse and goes on with an empty inventory; the
    // oracle must never compare against that, so an unparsed source is a failure here.
    ANSIBLE_INVENTORY_UNPARSED_FAILED: 'True',
    ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED: 'True',
  };
  return {
    home,
    env,
    dispose: () => rm(home, { recursive: true, force: true }),
  };
}

/** Runs a program and resolves with its outcome whatever the exit code; rejects only if it cannot start. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<ProcessOutcome> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      [...args],
      { cwd: options.cwd, env: options.env, maxBuffer: maxOutputBytes, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`cannot run ${command}: ${error.message}`));
          return;
        }
        resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

/** `-i a -i b` from a list of inventory sources. */
export function inventoryArgs(sources: readonly string[]): string[] {
  return sources.flatMap((source) => ['-i', source]);
}

/** `ansible-inventory -i ... <action args>` in the sandbox; throws with Ansible's stderr if it fails. */
export async function ansibleInventory(
  sandbox: AnsibleSandbox,
  cwd: string,
  sources: readonly string[],
  actionArgs: readonly string[],
): Promise<string> {
  const outcome = await runProcess('ansible-inventory', [...inventoryArgs(sources), ...actionArgs], {
    cwd,
    env: sandbox.env,
  });
  if (outcome.exitCode !== 0) {
    throw new Error(
      `ansible-inventory ${actionArgs.join(' ')} failed (exit ${outcome.exitCode}) in ${cwd}:\n${outcome.stderr}`,
    );
  }
  return outcome.stdout;
}

/**
 * The hosts that each host pattern selects, in Ansible's order, from ONE ansible-playbook process: a generated
 * playbook with one play per pattern, run with --list-hosts (which connects to nothing). One process for the
 * whole table keeps the oracle fast, since every Ansible start costs about a second.
 */
export async function ansibleHostsForPatterns(
  sandbox: AnsibleSandbox,
  cwd: string,
  sources: readonly string[],
  patterns: readonly string[],
): Promise<Map<string, string[]>> {
  // The playbook lives in the sandbox so that no group_vars/ beside it can join in.
  const playbookDir = await mkdtemp(join(sandbox.home, 'patterns-'));
  const playbook = join(playbookDir, 'patterns.yml');
  const plays = patterns.map((pattern, index) => ({
    name: `pattern ${index}`,
    hosts: pattern,
    gather_facts: false,
    tasks: [],
  }));
  // JSON is YAML: no need to load a YAML writer for this.
  await writeFile(playbook, JSON.stringify(plays, null, 2));
  const outcome = await runProcess('ansible-playbook', [...inventoryArgs(sources), '--list-hosts', playbook], {
    cwd,
    env: sandbox.env,
  });
  if (outcome.exitCode !== 0) {
    throw new Error(`ansible-playbook --list-hosts failed (exit ${outcome.exitCode}) in ${cwd}:\n${outcome.stderr}`);
  }
  return parseListHosts(outcome.stdout, patterns);
}

/**
 * Reads `ansible-playbook --list-hosts` output: for each play, a `hosts (N):` line followed by N indented host
 * names. Plays appear in playbook order, so the Nth block belongs to the Nth pattern.
 */
export function parseListHosts(stdout: string, patterns: readonly string[]): Map<string, string[]> {
  const lines = stdout.split('\n');
  const blocks: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const header = /^\s+hosts \((\d+)\):\s*$/.exec(lines[i] ?? '');
    if (!header) continue;
    const count = Number(header[1]);
    blocks.push(lines.slice(i + 1, i + 1 + count).map((line) => line.trim()));
    i += count;
  }
  if (blocks.length !== patterns.length) {
    throw new Error(`expected ${patterns.length} host lists from ansible-playbook --list-hosts, got ${blocks.length}:\n${stdout}`);
  }
  return new Map(patterns.map((pattern, index) => [pattern, blocks[index] ?? []]));
}
