import { createServer, type Server } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../engine/connect/pool.js';
import type { Connection } from '../../engine/connect/types.js';
import type { LabHost } from '../../engine/lab/index.js';
import { modules, type RegisteredModuleName } from '../../engine/modules/registry.js';
import { runModule } from '../../engine/modules/run.js';
import type { JsonObject, ModuleResult } from '../../engine/modules/types.js';
import { bareModuleContext } from '../support/module-context.js';
import { startTestLab, type TestLab } from '../support/lab.js';

// group, user, get_url and file's atomic link switch, for real on a lab host (address block 127.0.44; the
// host is 127.0.44.1, the HTTP server that get_url downloads from listens on 127.0.44.200). The lab host's
// /etc/passwd and /etc/group are its own, so useradd and groupadd change that host only.

const payload = Buffer.from('etcd release bytes\n'.repeat(1000));
const payloadSha256 = createHash('sha256').update(payload).digest('hex');
const wrongSha256 = createHash('sha256').update('something else').digest('hex');

let testLab: TestLab | undefined;
let connection: Connection;
let server: Server;
let baseUrl: string;
const root = '/srv/quorum-accounts-test';


async function sh(command: string): Promise<string> {
  const result = await connection.exec(command, { become: {} });
  if (result.rc !== 0) throw new Error(`${command}: rc ${result.rc}: ${result.stderr}`);
  return result.stdout;
}

function run(module: RegisteredModuleName, args: JsonObject, check = false): Promise<ModuleResult> {
  return runModule(modules[module], args, connection, bareModuleContext(check));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/dl/etcd.tar.gz') response.end(payload);
    else if (request.url === '/dl/SHA256SUMS') response.end(`${wrongSha256}  other.tar.gz\n${payloadSha256}  etcd.tar.gz\n`);
    else {
      response.statusCode = 404;
      response.end('not here\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.44.200', resolve));
  baseUrl = `http://127.0.44.200:${(server.address() as AddressInfo).port}`;
  testLab = await startTestLab({ hosts: 1, block: '127.0.44' });
  const h1 = testLab.lab.hosts[0] as LabHost;
  connection = openConnection(
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
  await sh(`rm -rf ${root} && mkdir -p ${root}`);
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await testLab?.stop();
  await new Promise((resolve) => server?.close(resolve));
});

interface Case {
  title: string;
  module: RegisteredModuleName;
  args: () => JsonObject;
  setup?: string;
  /** Prints the state the module may change: it must not move in check mode. */
  state: string;
  /** A shell test after the real run. */
  verify: string;
}

const cases: Case[] = [
  {
    title: 'group: a system group with a gid',
    module: 'group',
    args: () => ({ name: 'qetcd', system: true, gid: 1990 }),
    state: 'getent group qetcd || true',
    verify: '[ "$(getent group qetcd | cut -d: -f3)" = 1990 ]',
  },
  {
    title: 'group: absent',
    module: 'group',
    setup: 'groupadd qgone',
    args: () => ({ name: 'qgone', state: 'absent' }),
    state: 'getent group qgone || true',
    verify: '! getent group qgone',
  },
  {
    title: 'user: a system account with no home made, as the etcd role wants it',
    module: 'user',
    setup: 'groupadd -r qsvc',
    args: () => ({ name: 'qsvc', system: true, group: 'qsvc', home: `${root}/qsvc-home`, shell: '/usr/sbin/nologin', create_home: false, comment: 'quorum test' }),
    state: 'getent passwd qsvc || true',
    verify: `[ "$(getent passwd qsvc | cut -d: -f5-7)" = "quorum test:${root}/qsvc-home:/usr/sbin/nologin" ] && [ "$(id -gn qsvc)" = qsvc ] && [ ! -e ${root}/qsvc-home ]`,
  },
  {
    title: 'user: supplementary groups appended to an existing account',
    module: 'user',
    setup: 'groupadd qa && groupadd qb && useradd -M -G qa qmember',
    args: () => ({ name: 'qmember', groups: ['qb'], append: true }),
    state: 'id -Gn qmember',
    verify: '[ "$(id -Gn qmember)" = "qmember qa qb" ]',
  },
  {
    title: 'user: absent keeps the home directory',
    module: 'user',
    setup: `useradd -m -d ${root}/qkeep qkeep`,
    args: () => ({ name: 'qkeep', state: 'absent' }),
    state: `getent passwd qkeep || true; ls -d ${root}/qkeep`,
    verify: `! getent passwd qkeep && [ -d ${root}/qkeep ]`,
  },
  {
    title: 'user: absent with remove takes the home too',
    module: 'user',
    setup: `useradd -m -d ${root}/qdrop qdrop`,
    args: () => ({ name: 'qdrop', state: 'absent', remove: true }),
    state: `getent passwd qdrop || true; ls -d ${root}/qdrop 2>/dev/null || true`,
    verify: `! getent passwd qdrop && [ ! -e ${root}/qdrop ]`,
  },
  {
    title: 'get_url: with a sha256 digest, mode and owner',
    module: 'get_url',
    args: () => ({ url: `${baseUrl}/dl/etcd.tar.gz`, dest: `${root}/digest.tar.gz`, checksum: `sha256:${payloadSha256}`, mode: '0640', owner: 'nobody' }),
    state: `ls -la ${root}`,
    verify: `[ "$(sha256sum < ${root}/digest.tar.gz | cut -d' ' -f1)" = ${payloadSha256} ] && [ "$(stat -c %a:%U ${root}/digest.tar.gz)" = 640:nobody ]`,
  },
  {
    title: 'get_url: with the checksum file of a URL, into a directory',
    module: 'get_url',
    setup: `mkdir -p ${root}/into`,
    args: () => ({ url: `${baseUrl}/dl/etcd.tar.gz`, dest: `${root}/into`, checksum: `sha256:${baseUrl}/dl/SHA256SUMS` }),
    state: `ls -la ${root}/into`,
    verify: `[ "$(sha256sum < ${root}/into/etcd.tar.gz | cut -d' ' -f1)" = ${payloadSha256} ] && [ "$(stat -c %a ${root}/into/etcd.tar.gz)" = 644 ] && [ "$(ls -A ${root}/into)" = etcd.tar.gz ]`,
  },
  {
    title: 'file: a link switched to another target',
    module: 'file',
    setup: `mkdir -p ${root}/v1 ${root}/v2 && ln -sfn ${root}/v1 ${root}/current`,
    args: () => ({ path: `${root}/current`, src: `${root}/v2`, state: 'link' }),
    state: `readlink ${root}/current`,
    verify: `[ "$(readlink ${root}/current)" = ${root}/v2 ] && [ -z "$(ls -A ${root} | grep quorum-link || true)" ]`,
  },
];

describe('account, download and link modules on a lab host', () => {
  it.each(cases)('$title: check mode changes nothing, then changed, then changed=0', async (c) => {
    if (c.setup) await sh(c.setup);
    const before = await sh(c.state);
    const checked = await run(c.module, c.args(), true);
    expect([checked.failed ?? false, checked.changed], checked.msg).toEqual([false, true]);
    expect(await sh(c.state)).toBe(before);
    const first = await run(c.module, c.args());
    expect([first.failed ?? false, first.changed], first.msg).toEqual([false, true]);
    await sh(c.verify);
    const second = await run(c.module, c.args());
    expect([second.failed ?? false, second.changed], second.msg).toEqual([false, false]);
  });

  it('user: a group that does not exist fails with the name, and adds nobody', async () => {
    const result = await run('user', { name: 'qorphan', group: 'no-such-group' });
    expect([result.failed, result.msg]).toEqual([true, 'Group no-such-group does not exist (create it first with the group module)']);
    expect(await sh('getent passwd qorphan || echo none')).toBe('none\n');
  });

  it('get_url: a checksum mismatch names both digests and leaves neither dest nor a temp file', async () => {
    const dest = `${root}/mismatch/etcd.tar.gz`;
    await sh(`mkdir -p ${root}/mismatch`);
    const result = await run('get_url', { url: `${baseUrl}/dl/etcd.tar.gz`, dest, checksum: `sha256:${wrongSha256}` });
    expect(result.failed).toBe(true);
    expect(result.msg).toBe(`The sha256 checksum of ${baseUrl}/dl/etcd.tar.gz did not match: expected ${wrongSha256}, got ${payloadSha256}`);
    expect(await sh(`ls -A ${root}/mismatch | wc -l`)).toBe('0\n');
  });

  it('get_url: a 404 fails with what curl said', async () => {
    const result = await run('get_url', { url: `${baseUrl}/dl/missing.tar.gz`, dest: `${root}/missing.tar.gz` });
    expect(result.failed).toBe(true);
    expect(result.msg).toMatch(/^Request failed: http:\/\/127\.0\.44\.200:\d+\/dl\/missing\.tar\.gz: curl: \(22\) .*404/);
  });

  it('get_url: force fetches again, and identical bytes are no change', async () => {
    const args = { url: `${baseUrl}/dl/etcd.tar.gz`, dest: `${root}/forced.tar.gz`, force: true };
    expect((await run('get_url', args)).changed).toBe(true);
    const again = await run('get_url', args);
    expect([again.failed ?? false, again.changed]).toEqual([false, false]);
  });

  it('file: a reader never finds the link missing while it is switched back and forth', async () => {
    const dir = `${root}/race`;
    await sh(`rm -rf ${dir} && mkdir -p ${dir}/v1 ${dir}/v2 && ln -s ${dir}/v1 ${dir}/current`);
    // The reader counts the times `current` does not resolve, until the switcher leaves a stop file.
    const reader = sh(
      `cd ${dir} && n=0 && f=0 && while [ ! -e stop ]; do [ -e current ] || f=$((f + 1)); n=$((n + 1)); done; echo "$f $n"`,
    );
    for (let i = 0; i < 20; i++) {
      const result = await run('file', { path: `${dir}/current`, src: `${dir}/v${(i % 2) + 1}`, state: 'link' });
      expect(result.failed ?? false, result.msg).toBe(false);
    }
    await sh(`touch ${dir}/stop`);
    const [missing, reads] = (await reader).trim().split(' ').map(Number);
    expect(missing).toBe(0);
    expect(reads).toBeGreaterThan(100);
  });
});
