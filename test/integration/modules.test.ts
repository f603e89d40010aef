import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection, shellQuote } from '../../engine/connect/local.js';
import { openConnection } from '../../engine/connect/pool.js';
import type { Become, Connection } from '../../engine/connect/types.js';
import type { LabHost } from '../../engine/lab/index.js';
import { modules, type RegisteredModuleName } from '../../engine/modules/registry.js';
import { runModule } from '../../engine/modules/run.js';
import type { JsonObject, ModuleContext, ModuleResult } from '../../engine/modules/types.js';
import { createTemplateEngine } from '../../engine/template/engine.js';
import { renderTemplateFile } from '../../engine/template/public-api.js';
import { startTestLab, type TestLab } from '../support/lab.js';

// Every host-side module, for real, through the generic runner: on this machine through LocalConnection in a
// temp dir, and over SSH on a lab host (address block 127.0.41, see test/support/lab.ts) with become. Each
// case runs in check mode first (the host must not change), then for real (changed), then again (changed=0).

interface Target {
  name: string;
  connection: Connection;
  become?: Become;
  /** A directory on the target that the cases work in. */
  root: string;
}

interface Case {
  title: string;
  module: RegisteredModuleName;
  args: (base: string) => JsonObject;
  setup?: string;
  /** Whether the first run changes the host (false for read-only modules). */
  changes?: boolean;
  /** A shell test on the target, run after the real run, that must succeed. */
  verify?: string;
  /** Only over SSH: the lab host's /etc/systemd/system, /run/quorum and /var/log are its own. */
  labOnly?: boolean;
}

let controller: string;
let testLab: TestLab | undefined;
const targets: Target[] = [];
let renderTemplate: ModuleContext['renderTemplate'];

function context(check: boolean, target: Target): ModuleContext {
  return {
    check,
    diff: true,
    ...(target.become ? { become: target.become } : {}),
    inventoryHostname: target.name,
    hostFacts: {},
    fileSearchDirs: [join(controller, 'files')],
    templateSearchDirs: [join(controller, 'templates')],
    renderTemplate,
    readControllerFile: (path) => readFile(path),
    evaluate: () => undefined,
    evaluateCondition: () => true,
    verbosity: 0,
    now: () => new Date(),
  };
}

async function sh(target: Target, command: string): Promise<string> {
  const result = await target.connection.exec(command, target.become ? { become: target.become } : {});
  if (result.rc !== 0) throw new Error(`${command}: rc ${result.rc}: ${result.stderr}`);
  return result.stdout;
}

/** Everything about a directory tree that a module could change: names, types, sizes, modes, owners, times, content. */
function snapshot(target: Target, base: string): Promise<string> {
  return sh(
    target,
    `cd ${shellQuote(base)} && find . -print | sort | while IFS= read -r f; do stat -c '%n %F %s %a %U %G %Y' -- "$f"; if [ -f "$f" ] && [ ! -L "$f" ]; then sha256sum -- "$f"; fi; done`,
  );
}

const unit = [
  '[Unit]',
  'Description=a sleeper for the modules test',
  '[Service]',
  'Environment="GREETING=hello there"',
  'EnvironmentFile=-/etc/default/quorum-sleeper',
  'ExecStart=/bin/sh -c "echo $${GREETING} $${FROM_FILE}; exec sleep 1000"',
  'TimeoutStopSec=5',
  '[Install]',
  'WantedBy=multi-user.target',
  '',
].join('\n');

const cases: Case[] = [
  { title: 'copy content', module: 'copy', args: (b) => ({ content: 'hello\n', dest: `${b}/new/a.txt`, mode: '0640' }), verify: 'grep -qx hello new/a.txt && [ "$(stat -c %a new/a.txt)" = 640 ]' },
  {
    title: 'copy src with backup',
    module: 'copy',
    setup: 'printf old > b.txt',
    args: (b) => ({ src: 'b.txt', dest: `${b}/b.txt`, backup: true }),
    verify: 'grep -qx "from the controller" b.txt && [ "$(cat b.txt.*~)" = old ]',
  },
  { title: 'template', module: 'template', args: (b) => ({ src: 'motd.j2', dest: `${b}/motd`, mode: 0o600 }), verify: 'grep -qx "welcome to ${HOST}" motd' },
  { title: 'file directory', module: 'file', args: (b) => ({ path: `${b}/d/e`, state: 'directory', mode: '0750' }), verify: '[ "$(stat -c %a d/e)" = 750 ]' },
  { title: 'file touch, times kept', module: 'file', args: (b) => ({ path: `${b}/t`, state: 'touch', mode: 'u=rw,go=r', modification_time: 'preserve', access_time: 'preserve' }), verify: '[ "$(stat -c %a t)" = 644 ]' },
  { title: 'file link', module: 'file', setup: 'echo x > target', args: (b) => ({ path: `${b}/l`, src: `${b}/target`, state: 'link' }), verify: '[ -L l ]' },
  { title: 'file absent', module: 'file', setup: 'mkdir -p gone/x && echo y > gone/x/f', args: (b) => ({ path: `${b}/gone`, state: 'absent' }), verify: '[ ! -e gone ]' },
  {
    title: 'lineinfile',
    module: 'lineinfile',
    setup: 'printf "a=1\\nb=2\\nc=3" > conf',
    args: (b) => ({ path: `${b}/conf`, regexp: '^b=', line: 'b=20' }),
    verify: '[ "$(cat conf)" = "$(printf "a=1\\nb=20\\nc=3")" ]',
  },
  { title: 'lineinfile create', module: 'lineinfile', args: (b) => ({ path: `${b}/created`, line: 'only', create: true }), verify: 'grep -qx only created' },
  {
    title: 'blockinfile',
    module: 'blockinfile',
    setup: 'printf "first\\nlast\\n" > hosts',
    args: (b) => ({ path: `${b}/hosts`, block: 'x\ny', insertafter: '^first' }),
    verify: '[ "$(sed -n 2p hosts)" = "# BEGIN ANSIBLE MANAGED BLOCK" ] && [ "$(sed -n 6p hosts)" = last ]',
  },
  {
    title: 'unarchive',
    module: 'unarchive',
    setup: 'mkdir -p opt',
    args: (b) => ({ src: 'bundle.tar.gz', dest: `${b}/opt` }),
    verify: '[ -x opt/bundle/bin/tool ] && grep -qx readme opt/bundle/README',
  },
  { title: 'fetch', module: 'fetch', setup: 'echo remote > fetched', args: (b) => ({ src: `${b}/fetched`, dest: join(controller, 'fetched') }) },
  { title: 'command with creates', module: 'command', args: (b) => ({ _raw_params: `touch ${b}/made-by-command`, creates: `${b}/made-by-command` }), verify: '[ -f made-by-command ]' },
  { title: 'shell with creates', module: 'shell', args: (b) => ({ _raw_params: 'echo "$((1 + 2))" > sum', chdir: b, creates: 'sum' }), verify: 'grep -qx 3 sum' },
  { title: 'stat', module: 'stat', setup: 'echo s > s', args: (b) => ({ path: `${b}/s` }), changes: false },
  { title: 'wait_for path', module: 'wait_for', setup: 'echo ready > flag', args: (b) => ({ path: `${b}/flag`, search_regex: 'rea+dy', timeout: 5 }), changes: false },
  {
    title: 'service (pidfile back end)',
    module: 'service',
    labOnly: true,
    setup: `printf '%s' ${shellQuote(unit)} > /etc/systemd/system/quorum-sleeper.service && echo FROM_FILE=file > /etc/default/quorum-sleeper`,
    args: () => ({ name: 'quorum-sleeper', state: 'started', enabled: true }),
    verify:
      'kill -0 "$(cat /run/quorum/quorum-sleeper.pid)" && grep -qx "hello there file" /var/log/quorum-sleeper.log && [ -L /etc/systemd/system/multi-user.target.wants/quorum-sleeper.service ]',
  },
];

async function run(target: Target, c: Case, base: string, check: boolean): Promise<ModuleResult> {
  return runModule(modules[c.module], c.args(base), target.connection, context(check, target));
}

beforeAll(async () => {
  controller = mkdtempSync(join(tmpdir(), 'quorum-modules-controller-'));
  mkdirSync(join(controller, 'files'));
  mkdirSync(join(controller, 'templates'));
  writeFileSync(join(controller, 'files', 'b.txt'), 'from the controller\n');
  writeFileSync(join(controller, 'templates', 'motd.j2'), 'welcome to {{ inventory_hostname }}\n');
  const bundle = join(controller, 'bundle');
  mkdirSync(join(bundle, 'bundle', 'bin'), { recursive: true });
  writeFileSync(join(bundle, 'bundle', 'README'), 'readme\n');
  writeFileSync(join(bundle, 'bundle', 'bin', 'tool'), '#!/bin/sh\necho tool\n', { mode: 0o755 });
  execFileSync('tar', ['-czf', join(controller, 'files', 'bundle.tar.gz'), '-C', bundle, 'bundle']);
  const engine = await createTemplateEngine();
  renderTemplate = async (path) => renderTemplateFile(path, { inventory_hostname: 'HOSTNAME' }, { engine });

  const localRoot = mkdtempSync(join(tmpdir(), 'quorum-modules-local-'));
  targets.push({ name: 'localhost', connection: new LocalConnection(), root: localRoot });
  testLab = await startTestLab({ hosts: 1, block: '127.0.41' });
  const h1 = testLab.lab.hosts[0] as LabHost;
  const connection = openConnection(
    h1.name,
    {
      ansible_host: h1.address,
      ansible_port: h1.port,
      ansible_user: h1.user,
      ansible_ssh_private_key_file: h1.privateKeyFile,
      quorum_known_hosts_file: testLab.lab.knownHostsFile,
    },
    { agentSocket: false },
  );
  const labTarget: Target = { name: h1.name, connection, become: {}, root: '/var/lib/etcd/quorum-modules-test' };
  await sh(labTarget, `rm -rf ${labTarget.root} && mkdir -p ${labTarget.root}`);
  targets.push(labTarget);
});

afterAll(async () => {
  const lab = targets[1];
  if (lab) {
    await runModule(modules.service, { name: 'quorum-sleeper', state: 'stopped' }, lab.connection, context(false, lab)).catch(() => undefined);
  }
  await Promise.allSettled(targets.map((t) => t.connection.close()));
  await testLab?.stop();
  if (targets[0]) rmSync(targets[0].root, { recursive: true, force: true });
  if (controller) rmSync(controller, { recursive: true, force: true });
});

describe.each(['localhost', 'lab'])('modules on %s', (where) => {
  const target = (): Target => targets[where === 'localhost' ? 0 : 1]!;

  it.each(cases.filter((c) => where === 'lab' || !c.labOnly))('$title: check mode changes nothing, then changed, then changed=0', async (c) => {
    const t = target();
    const base = `${t.root}/${c.title.replace(/[^a-z]+/g, '-')}`;
    await sh(t, `rm -rf ${shellQuote(base)} && mkdir -p ${shellQuote(base)} && cd ${shellQuote(base)} && ${c.setup ?? 'true'}`);
    const changes = c.changes ?? true;

    const before = await snapshot(t, base);
    const checked = await run(t, c, base, true);
    expect(checked.failed ?? false, checked.msg).toBe(false);
    expect(checked.changed).toBe(changes);
    expect(await snapshot(t, base)).toBe(before);

    const first = await run(t, c, base, false);
    expect(first.failed ?? false, first.msg).toBe(false);
    expect(first.changed).toBe(changes);
    if (c.verify) await sh(t, `cd ${shellQuote(base)} && HOST=HOSTNAME && ${c.verify}`);

    const second = await run(t, c, base, false);
    expect(second.failed ?? false, second.msg).toBe(false);
    expect(second.changed).toBe(false);
  });

  it('fetch lays the file out as dest/<host>/<path>', async () => {
    const t = target();
    const base = `${t.root}/fetch`;
    expect(readFileSync(join(controller, 'fetched', t.name, base, 'fetched'), 'utf8')).toBe('remote\n');
  });
});
