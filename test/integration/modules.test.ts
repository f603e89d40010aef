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
  { title: 'template with validate', module: 'template', args: (b) => ({ src: 'motd.j2', dest: `${b}/motd`, validate: 'grep -q welcome %s' }), verify: '[ -f motd ] && [ ! -e .motd.quorum-staged ]' },
  {
    title: 'copy with owner and group',
    module: 'copy',
    args: (b) => ({ content: 'secret\n', dest: `${b}/owned`, owner: 'nobody', group: 'nogroup', mode: '0600' }),
    verify: '[ "$(stat -c %U:%G:%a owned)" = nobody:nogroup:600 ]',
  },
  {
    title: 'file directory, owner recursively',
    module: 'file',
    setup: 'mkdir -p tree/a/b && touch tree/a/b/f',
    args: (b) => ({ path: `${b}/tree`, state: 'directory', owner: 'nobody', recurse: true }),
    verify: '[ "$(stat -c %U tree/a/b/f)" = nobody ]',
  },
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
  {
    title: 'unarchive with strip-components',
    module: 'unarchive',
    setup: 'mkdir -p bin',
    args: (b) => ({ src: 'bundle.tar.gz', dest: `${b}/bin`, extra_opts: ['--strip-components=2'] }),
    verify: '[ -x bin/tool ] && [ ! -e bin/bundle ]',
  },
  {
    title: 'unarchive remote_src',
    module: 'unarchive',
    setup: 'mkdir -p out && tar -cf a.tar -C / etc/hostname',
    args: (b) => ({ src: `${b}/a.tar`, dest: `${b}/out`, remote_src: true }),
    verify: '[ -f out/etc/hostname ]',
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

/** A process that has exited but was not reaped (this machine's init does not reap) counts as gone. */
function aliveTest(pid: string): string {
  return `[ -e /proc/${pid} ] && [ "$(awk '{print $3}' /proc/${pid}/stat)" != Z ]`;
}

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

  it('command: a failing command fails the task with rc, stdout and stderr as Ansible registers them', async () => {
    const t = target();
    const result = await runModule(modules.shell, { _raw_params: 'echo out; echo err >&2; exit 3' }, t.connection, context(false, t));
    expect(result).toMatchObject({ failed: true, changed: true, msg: 'non-zero return code' });
    expect(result.values).toMatchObject({ rc: 3, stdout: 'out', stderr: 'err', stdout_lines: ['out'], cmd: 'echo out; echo err >&2; exit 3' });
  });

  it.each<[string, RegisteredModuleName, JsonObject, string]>([
    ['bad arguments, before anything runs', 'copy', { content: 'x' }, 'missing required arguments: dest'],
    ['a src the controller does not have', 'template', { src: 'nope.j2', dest: '/tmp/x' }, "Could not find or access 'nope.j2' on the controller (searched: TEMPLATES/nope.j2)"],
    ['a file that cannot be written', 'copy', { content: 'x', dest: '/proc/version/x' }, ''],
  ])('%s: a failed result with a message, not an exception', async (_title, name, args, msg) => {
    const t = target();
    const result = await runModule(modules[name], args, t.connection, context(false, t));
    expect(result.failed).toBe(true);
    if (msg !== '') expect(result.msg).toBe(msg.replace('TEMPLATES', join(controller, 'templates')));
    else expect(result.msg).toMatch(/\S/);
  });

  it('template: a file that fails validation never replaces the old one', async () => {
    const t = target();
    const base = `${t.root}/validate-fails`;
    await sh(t, `rm -rf ${base} && mkdir -p ${base} && echo old > ${base}/motd`);
    const result = await runModule(modules.template, { src: 'motd.j2', dest: `${base}/motd`, validate: 'grep -q nothing-like-this %s' }, t.connection, context(false, t));
    expect([result.failed, result.changed]).toEqual([true, false]);
    expect(await sh(t, `cat ${base}/motd; ls -A ${base}`)).toBe('old\nmotd\n');
  });

  it('fetch lays the file out as dest/<host>/<path>', async () => {
    const t = target();
    const base = `${t.root}/fetch`;
    expect(readFileSync(join(controller, 'fetched', t.name, base, 'fetched'), 'utf8')).toBe('remote\n');
  });
});

// The lab host's /etc/systemd/system, /run/quorum and /var/log are its own, so services run there only.
describe('service and wait_for on a lab host', () => {
  it('service: restarted gives a new process, stopped ends it, a second stop changes nothing', async () => {
    const t = targets[1]!;
    const pidOf = () => sh(t, 'cat /run/quorum/quorum-sleeper.pid 2>/dev/null || true').then((s) => s.trim());
    const service = (args: JsonObject) => runModule(modules.service, { name: 'quorum-sleeper', ...args }, t.connection, context(false, t));
    await service({ state: 'started' });
    const firstPid = await pidOf();
    const restarted = await service({ state: 'restarted' });
    expect([restarted.failed ?? false, restarted.changed]).toEqual([false, true]);
    const secondPid = await pidOf();
    expect(secondPid).not.toBe(firstPid);
    expect(await sh(t, `${aliveTest(firstPid)} && echo alive || echo gone`)).toBe('gone\n');
    const stopped = await service({ state: 'stopped', enabled: false });
    expect([stopped.failed ?? false, stopped.changed]).toEqual([false, true]);
    expect(await sh(t, `${aliveTest(secondPid)} && echo alive || echo gone`)).toBe('gone\n');
    expect(await sh(t, '[ -e /etc/systemd/system/multi-user.target.wants/quorum-sleeper.service ] && echo on || echo off')).toBe('off\n');
    const again = await service({ state: 'stopped', enabled: false });
    expect([again.failed ?? false, again.changed]).toEqual([false, false]);
  });

  it('service: a process that dies at once fails the task with the end of its log', async () => {
    const t = targets[1]!;
    await sh(t, `printf '[Service]\\nExecStart=/bin/sh -c "echo no such flag: --bogus >&2; exit 2"\\n' > /etc/systemd/system/quorum-broken.service`);
    const result = await runModule(modules.service, { name: 'quorum-broken', state: 'started' }, t.connection, context(false, t));
    expect(result.failed).toBe(true);
    expect(result.msg).toContain('quorum-broken exited at once');
    expect(result.msg).toContain('no such flag: --bogus');
  });

  it('wait_for: a listening port (the lab sshd) is ready at once; a closed one times out with Ansible\'s message', async () => {
    const t = targets[1]!;
    const h1 = testLab!.lab.hosts[0]!;
    const open = await runModule(modules.wait_for, { host: h1.address, port: h1.port, timeout: 5 }, t.connection, context(false, t));
    expect([open.failed ?? false, open.changed]).toEqual([false, false]);
    // Whole seconds from `date +%s`: a check that passes at once may still straddle a second boundary.
    expect(open.values['elapsed']).toBeLessThanOrEqual(1);
    const closed = await runModule(modules.wait_for, { host: h1.address, port: 2999, timeout: 1, sleep: 1 }, t.connection, context(false, t));
    expect([closed.failed, closed.msg]).toEqual([true, `Timeout when waiting for ${h1.address}:2999`]);
    const stopped = await runModule(modules.wait_for, { host: h1.address, port: 2999, state: 'stopped', timeout: 1 }, t.connection, context(false, t));
    expect(stopped.failed ?? false).toBe(false);
  });

});
