import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionPool, openConnection, type ConnectionSettings } from '../../engine/connect/pool.js';
import type { HostVariables } from '../../engine/connect/ssh-options.js';
import { BecomeError, ConnectionDroppedError, SshConnection } from '../../engine/connect/ssh.js';
import { UnreachableError, type Connection, type ExecOptions } from '../../engine/connect/types.js';
import type { LabHost } from '../../engine/lab/index.js';
import { startTestLab, type TestLab } from '../support/lab.js';

// The SSH connection against real sshd hosts of a lab on address block 127.0.31 (see test/support/lab.ts):
// h1 is the target, h2 serves as the jump host. Faults use addresses of that block where no lab host listens.

let testLab: TestLab;
let h1: LabHost;
let h2: LabHost;
let scratch: string;
const opened: Connection[] = [];
const settings: ConnectionSettings = { agentSocket: false };

function labVars(host: LabHost, extra: HostVariables = {}): HostVariables {
  return {
    ansible_host: host.address,
    ansible_port: host.port,
    ansible_user: host.user,
    ansible_ssh_private_key_file: host.privateKeyFile,
    quorum_known_hosts_file: testLab.lab.knownHostsFile,
    ansible_ssh_retries: 0,
    ...extra,
  };
}

function connect(vars: HostVariables, more: ConnectionSettings = {}, name = 'h1'): Connection {
  const connection = openConnection(name, vars, { ...settings, homeDir: scratch, ...more });
  opened.push(connection);
  return connection;
}

async function reason(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnreachableError);
  return (err as UnreachableError).reason;
}

beforeAll(async () => {
  testLab = await startTestLab({ hosts: 2, block: '127.0.31' });
  [h1, h2] = testLab.lab.hosts as [LabHost, LabHost];
  scratch = mkdtempSync(join(tmpdir(), 'quorum-connect-'));
});

afterAll(async () => {
  await Promise.allSettled(opened.map((c) => c.close()));
  await testLab?.stop();
});

describe('exec', () => {
  let ssh: Connection;
  beforeAll(() => {
    ssh = connect(labVars(h1));
  });

  it.each<{ command: string; options?: ExecOptions; rc: number; stdout: string; stderr: string }>([
    { command: 'echo out; echo err >&2', rc: 0, stdout: 'out\n', stderr: 'err\n' },
    { command: 'echo failing >&2; exit 3', rc: 3, stdout: '', stderr: 'failing\n' },
    { command: 'tr a-z A-Z', options: { stdin: 'piped in\n' }, rc: 0, stdout: 'PIPED IN\n', stderr: '' },
    { command: 'wc -c', options: { stdin: Buffer.alloc(300_000, 0x61) }, rc: 0, stdout: '300000\n', stderr: '' },
    { command: 'printf "%s|%s" "$ONE" "$TWO"', options: { env: { ONE: 'a b', TWO: "it's $HOME" } }, rc: 0, stdout: "a b|it's $HOME", stderr: '' },
    { command: 'pwd', options: { cwd: '/usr/share' }, rc: 0, stdout: '/usr/share\n', stderr: '' },
    { command: 'pwd', options: { cwd: '/no/such/dir' }, rc: 2, stdout: '', stderr: 'sh: 1: cd: can\'t cd to /no/such/dir\n' },
    // After a failed cd no line of a multi-line script runs.
    { command: 'echo one\necho two', options: { cwd: '/no/such/dir' }, rc: 2, stdout: '', stderr: 'sh: 1: cd: can\'t cd to /no/such/dir\n' },
    { command: 'echo one\necho two # done', options: { cwd: '/' }, rc: 0, stdout: 'one\ntwo\n', stderr: '' },
    { command: 'id -un', options: { become: {} }, rc: 0, stdout: 'root\n', stderr: '' },
    { command: 'id -un; pwd; echo $X', options: { become: { user: 'nobody' }, cwd: '/', env: { X: 'y' } }, rc: 0, stdout: 'nobody\n/\ny\n', stderr: '' },
    // A password given where sudo needs none (the lab's NOPASSWD) never reaches the command's stdin.
    { command: 'cat', options: { become: { password: 'not-needed' }, stdin: 'only this' }, rc: 0, stdout: 'only this', stderr: '' },
  ])('$command $options', async ({ command, options, rc, stdout, stderr }) => {
    expect(await ssh.exec(command, options)).toEqual({ rc, stdout, stderr });
  });

  it.each<[string, ExecOptions['become']]>([
    ['as the login user', undefined],
    ['as root through sudo', {}],
  ])('a timeout stops the remote command and what it started (%s)', async (_title, become) => {
    const marker = become ? '31.4159' : '31.2718';
    const started = Date.now();
    const result = await ssh.exec(`sh -c 'sleep ${marker}; echo never' & sleep ${marker}`, { timeoutMs: 600, ...(become ? { become } : {}) });
    expect(result.signal).toBe('TIMEOUT');
    expect(result.stdout).toBe('');
    // Far below the 31 s the command would take: it was stopped, not waited out.
    expect(Date.now() - started).toBeLessThan(15_000);
    // `[.]` keeps pgrep's own shell, whose command line holds the pattern, from matching it. A killed process
    // may take a moment to be reaped, so the check allows 2 s.
    const pattern = `sleep ${marker.replace('.', '[.]')}`;
    const left = await ssh.exec(`for i in $(seq 20); do pgrep -f '${pattern}' >/dev/null || { echo none; exit; }; sleep 0.1; done; pgrep -f '${pattern}'`);
    expect(left.stdout).toBe('none\n');
  });

  it('reuses one TCP connection for 100 commands', async () => {
    const clients = new Set<string>();
    for (let i = 0; i < 100; i++) clients.add((await ssh.exec('echo $SSH_CLIENT')).stdout);
    expect(clients.size).toBe(1);
  });

  it('runs commands concurrently over the one connection', async () => {
    // More than sshd's default MaxSessions (10) at once: the extra ones wait for a free channel.
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ssh.exec(`echo ${i}; echo $SSH_CLIENT; sleep 0.1`)));
    expect(results.map((r) => r.stdout.split('\n')[0])).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    expect(new Set(results.map((r) => r.stdout.split('\n')[1])).size).toBe(1);
  });
});

// Root commands without a password or time limit run in one root shell per connection (root-shell.ts): one
// sudo instead of one per command. Each must still behave as its own `sudo -n` exec.
describe('the root shell', () => {
  let ssh: Connection;
  const root = { become: {} };
  beforeAll(() => {
    ssh = connect(labVars(h1));
  });

  it.each<{ command: string; options?: ExecOptions; rc: number; stdout: string; stderr: string }>([
    { command: 'echo out; echo err >&2; exit 3', rc: 3, stdout: 'out\n', stderr: 'err\n' },
    { command: 'wc -c', options: { stdin: Buffer.alloc(300_000, 0x61) }, rc: 0, stdout: '300000\n', stderr: '' },
    { command: 'id -un; pwd; printf "%s|" "$ONE" "$HOME"', options: { cwd: '/usr/share', env: { ONE: "it's" } }, rc: 0, stdout: "root\n/usr/share\nit's|/root|", stderr: '' },
    // sudo starts /bin/sh by that name, so sh's messages begin with it (the login user's shell says `sh`).
    { command: 'echo one\necho two', options: { cwd: '/no/such/dir' }, rc: 2, stdout: '', stderr: "/bin/sh: 1: cd: can't cd to /no/such/dir\n" },
    { command: 'cat <<EOF\nkept\n\nEOF\n', rc: 0, stdout: 'kept\n\n', stderr: '' },
  ])('$command $options', async ({ command, options, rc, stdout, stderr }) => {
    expect(await ssh.exec(command, { ...root, ...options })).toEqual({ rc, stdout, stderr });
    // The same through a separate sudo exec (a time limit keeps a command off the root shell).
    expect(await ssh.exec(command, { ...root, ...options, timeoutMs: 60_000 })).toEqual({ rc, stdout, stderr });
  });

  it('is one shell (one sudo) for many commands, and commands at once still run at once', async () => {
    const parents = new Set<string>();
    for (let i = 0; i < 5; i++) parents.add((await ssh.exec('echo $PPID', root)).stdout);
    expect(parents.size).toBe(1);
    // While the shell runs one, the others go by exec of their own: all 10 finish, with their own output.
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => ssh.exec(`sleep 0.2; echo ${i}`, root)));
    expect(results.map((r) => r.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => `${i}\n`));
  });

  it('a process a command leaves behind does not hold the command', async () => {
    const started = await ssh.exec('sleep 1000 & echo $!', root);
    expect(started.stdout).toMatch(/^\d+\n$/);
    expect(await ssh.exec(`kill ${started.stdout.trim()} && echo killed`, root)).toEqual({ rc: 0, stdout: 'killed\n', stderr: '' });
  });

  it('a command that kills the shell fails with the reason; the next command starts a new shell', async () => {
    const before = (await ssh.exec('echo $PPID', root)).stdout;
    const error = await ssh.exec('kill -9 $PPID; sleep 5', root).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^h1: the root shell that ran the command ended while it ran \(.*\); its outcome on the host is unknown$/);
    const after = (await ssh.exec('echo $PPID', root)).stdout;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\d+\n$/);
  });
});

describe('put and get', () => {
  let ssh: Connection;
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
  beforeAll(() => {
    ssh = connect(labVars(h1));
  });

  it('writes as root with mode and owner, atomically, and reads it back as root', async () => {
    await ssh.put('/etc/etcd/quorum-connect/secret.bin', binary, { mode: 0o640, owner: 'root', group: 'nogroup', become: {} });
    const stat = await ssh.exec("stat -c '%a %U %G' /etc/etcd/quorum-connect/secret.bin; ls -a /etc/etcd/quorum-connect", { become: {} });
    expect(stat.stdout).toBe('640 root nogroup\n.\n..\nsecret.bin\n');
    expect((await ssh.get('/etc/etcd/quorum-connect/secret.bin', { become: {} })).equals(binary)).toBe(true);
    // The login user cannot read it: the mode really applies.
    expect((await ssh.exec('cat /etc/etcd/quorum-connect/secret.bin')).rc).toBe(1);
  });

  it('overwrites as the login user over SFTP and keeps the old mode when none is given', async () => {
    const path = `/tmp/quorum-connect-${process.pid}/f.bin`;
    await ssh.put(path, 'first', { mode: 0o600 });
    await ssh.put(path, binary);
    expect((await ssh.exec(`stat -c %a ${path}`)).stdout).toBe('600\n');
    expect((await ssh.get(path)).equals(binary)).toBe(true);
  });

  it('says which file and why when a read or write fails', async () => {
    await expect(ssh.get('/no/such/file')).rejects.toThrow('h1: cannot read /no/such/file: No such file');
    await expect(ssh.get('/no/such/file', { become: {} })).rejects.toThrow(/h1: cannot read \/no\/such\/file as root: rc=1: cat: \/no\/such\/file: No such file or directory/);
    await expect(ssh.put('/etc/etcd/x', 'y')).rejects.toThrow(/h1: cannot write \/etc\/etcd\/x: Permission denied/);
  });
});

describe('faults: the host is unreachable, with the reason', () => {
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    // A TCP port that accepts connections and never speaks: what a hung sshd or a black-holing proxy looks like.
    silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(2222, '127.0.31.200', resolve));
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('connection refused (no sshd on the port), after the retries', async () => {
    const started = Date.now();
    const text = await reason(connect(labVars(h1, { ansible_port: 2, ansible_ssh_retries: 2 })).exec('true'));
    expect(text).toBe(`connection refused by ${h1.user}@${h1.address}:2: nothing listens on that port (is sshd running? is ansible_port right?) (after 3 attempts)`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it('TCP connect timeout (the SYN is dropped: a listener whose accept queue is full)', async () => {
    // A real process that listens with backlog 0 and never accepts: once one connection waits in its queue,
    // Linux drops further SYNs, which is what a firewall that drops packets looks like to the client.
    const listener: ChildProcess = spawn('python3', ['-c', "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.31.202',2222))\ns.listen(0)\nprint('up',flush=True)\ntime.sleep(60)"], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((resolve) => listener.stdout?.once('data', resolve));
      const filler = await new Promise<Socket>((resolve) => {
        const socket = tcpConnect(2222, '127.0.31.202', () => resolve(socket));
      });
      try {
        const started = Date.now();
        const text = await reason(connect(labVars(h1, { ansible_host: '127.0.31.202', ansible_port: 2222, ansible_ssh_timeout: 1 })).exec('true'));
        expect(text).toBe(`connection to ${h1.user}@127.0.31.202:2222 timed out after 1s: the host is down or a firewall drops the packets`);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      } finally {
        filler.destroy();
      }
    } finally {
      listener.kill('SIGKILL');
    }
  });

  it('SSH handshake timeout', async () => {
    const text = await reason(connect(labVars(h1, { ansible_host: '127.0.31.200', ansible_port: 2222, ansible_ssh_timeout: 1 })).exec('true'));
    expect(text).toBe(`${h1.user}@127.0.31.200:2222 accepted the TCP connection but no SSH server answered within 1s`);
  });

  it('authentication failure (a key the host does not know)', async () => {
    const key = join(scratch, 'stranger');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
    const text = await reason(connect(labVars(h1, { ansible_ssh_private_key_file: key })).exec('true'));
    expect(text).toContain(`authentication failed for ${h1.user}@${h1.address}:22: the server accepted none of the keys offered (${key})`);
  });

  it.each<[string, () => { vars: HostVariables; home?: string; expected: string }]>([
    [
      'a private key file that does not exist',
      () => ({ vars: { ansible_ssh_private_key_file: join(scratch, 'missing') }, expected: `cannot read the private key ${join(scratch, 'missing')}: ENOENT (check ansible_ssh_private_key_file)` }),
    ],
    [
      'a private key with a passphrase',
      () => {
        const key = join(scratch, 'locked');
        execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'passphrase', '-f', key]);
        return { vars: { ansible_ssh_private_key_file: key }, expected: `the private key ${key} is encrypted with a passphrase: load it into ssh-agent (ssh-add ${key}) and run again` };
      },
    ],
    [
      'no key and no agent at all',
      () => ({
        vars: { ansible_ssh_private_key_file: undefined },
        home: mkdtempSync(join(tmpdir(), 'quorum-home-')),
        expected: `no private key to log in to ${h1.user}@${h1.address}:22 with: set ansible_ssh_private_key_file, or start ssh-agent (SSH_AUTH_SOCK)`,
      }),
    ],
  ])('%s', async (_title, make) => {
    const { vars, home, expected } = make();
    expect(await reason(connect(labVars(h1, vars), home ? { homeDir: home } : {}).exec('true'))).toBe(expected);
  });

  it('a changed host key is refused, naming the known_hosts file and line', async () => {
    const other = join(scratch, 'other-host-key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const knownHosts = join(scratch, 'changed_known_hosts');
    const otherKey = readFileSync(`${other}.pub`, 'utf8').split(' ').slice(0, 2).join(' ');
    writeFileSync(knownHosts, `# hosts\n${h1.address} ${otherKey}\n`);
    const text = await reason(connect(labVars(h1, { quorum_known_hosts_file: knownHosts })).exec('true'));
    expect(text).toMatch(new RegExp(`^host key CHANGED: ${h1.address} showed the ssh-ed25519 key SHA256:\\S+, but ${knownHosts}:2 holds a different ssh-ed25519 key for it\\.`));
    expect(text).toContain(`ssh-keygen -R '${h1.address}' -f ${knownHosts}`);
  });

  it('an unknown host key is refused when strict, and accepted and appended with accept-new', async () => {
    const home = mkdtempSync(join(tmpdir(), 'quorum-home-'));
    const vars = labVars(h1, { quorum_known_hosts_file: undefined });
    const strict = await reason(connect(vars, { homeDir: home }).exec('true'));
    expect(strict).toContain(`host key unknown: ${h1.address} showed the ssh-ed25519 key SHA256:`);
    expect(strict).toContain(`which is not in ${join(home, '.ssh/known_hosts')}. Check the fingerprint, then run with --accept-new-host-keys`);

    const notes: string[] = [];
    const accepting = connect(vars, { homeDir: home, acceptNewHostKeys: true, onNote: (n) => notes.push(n) });
    expect((await accepting.exec('echo in')).stdout).toBe('in\n');
    expect(notes).toEqual([expect.stringMatching(`^h1: added the ssh-ed25519 key SHA256:\\S+ of ${h1.address} to ${join(home, '.ssh/known_hosts')}$`)]);
    const written = readFileSync(join(home, '.ssh/known_hosts'), 'utf8');
    expect(written).toMatch(new RegExp(`^${h1.address.replace(/\./g, '\\.')} ssh-ed25519 \\S+\\n$`));
    // Now known: strict checking connects.
    expect((await connect(vars, { homeDir: home }).exec('echo again')).stdout).toBe('again\n');
  });
});

describe('ssh-agent', () => {
  it('logs in with a key that only ssh-agent holds', async () => {
    const socket = join(scratch, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 50));
      execFileSync('ssh-add', ['-q', h1.privateKeyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const vars = labVars(h1, { ansible_ssh_private_key_file: undefined });
      // No key file and an empty home: the agent is the only way in.
      const ssh = connect(vars, { agentSocket: socket, homeDir: mkdtempSync(join(tmpdir(), 'quorum-home-')) });
      expect((await ssh.exec('echo via agent')).stdout).toBe('via agent\n');
      await ssh.close();
    } finally {
      agent.kill('SIGTERM');
    }
  });
});

describe('a dropped connection', () => {
  it('is re-opened once for the next command; a second drop makes the host unreachable', async () => {
    const ssh = connect(labVars(h1));
    const first = (await ssh.exec('echo $SSH_CLIENT')).stdout;
    // The shell's parent is this connection's sshd session process: killing it drops the connection under
    // the running command, whose outcome is then unknown.
    const dropped = await ssh.exec('kill -9 $PPID; sleep 5').catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(ConnectionDroppedError);
    expect((dropped as ConnectionDroppedError).message).toMatch(/^h1: the SSH connection dropped while a command ran \(.*\); its outcome on the host is unknown$/);
    const second = (await ssh.exec('echo $SSH_CLIENT')).stdout;
    expect(second).not.toBe(first);
    expect(second).not.toBe('');
    const text = await reason(ssh.exec('kill -9 $PPID; sleep 5'));
    expect(text).toMatch(/^the SSH connection dropped a second time \(.*\) after it had been re-opened once$/);
    expect(await reason(ssh.exec('true'))).toBe(text);
  });
});

describe('jump hosts', () => {
  const jumpSpec = (jump: LabHost): string => `${jump.user}@${jump.address}:${jump.port}`;
  it.each<[string, (jump: LabHost) => HostVariables]>([
    ['quorum_jump_host', (jump) => ({ quorum_jump_host: jumpSpec(jump) })],
    ['-o ProxyJump in ansible_ssh_common_args', (jump) => ({ ansible_ssh_common_args: `-o ProxyJump=${jumpSpec(jump)}` })],
    ['a Kubespray-style ProxyCommand', (jump) => ({ ansible_ssh_common_args: `-o ProxyCommand="ssh -W %h:%p -p ${jump.port} ${jump.user}@${jump.address} -i ${jump.privateKeyFile}"` })],
  ])('reaches h1 through h2 with %s', async (_title, jumpVars) => {
    const ssh = connect(labVars(h1, jumpVars(h2)));
    const [, clientPort] = (await ssh.exec('echo $SSH_CLIENT')).stdout.split(' ');
    // The TCP connection that reached h1's sshd belongs to an sshd (h2's, forwarding), not to this node process.
    // Asked on this machine (the lab hosts share its network, and only here are all processes visible).
    const owner = execFileSync('ss', ['-Htnp', 'state', 'established', 'src', `:${clientPort}`, 'dst', `${h1.address}:${h1.port}`]).toString();
    expect(owner).toContain('users:(("sshd"');
    await ssh.close();
  });

  it('names the jump host when it is the one that fails', async () => {
    const text = await reason(connect(labVars(h1, { quorum_jump_host: `${h2.user}@127.0.31.201:22` })).exec('true'));
    expect(text).toBe(`jump host ${h2.user}@127.0.31.201:22: connection refused by ${h2.user}@127.0.31.201:22: nothing listens on that port (is sshd running? is ansible_port right?)`);
  });
});

describe('become with a password (sudo asks for one)', () => {
  // Only inside h2's own mount namespace (the machine's files stay untouched): a copy of /etc/sudoers.d with a
  // later rule that makes `sudo -u nobody` ask for the login user's password, and a copy of /etc/shadow that
  // gives the login user the password 's3cret'. The lab removes both mounts with the host.
  let ssh: Connection;
  beforeAll(async () => {
    ssh = connect(labVars(h2), {}, 'h2');
    const hash = execFileSync('openssl', ['passwd', '-6', 's3cret']).toString().trim();
    const setup = [
      'set -e',
      'd=$(mktemp -d /tmp/quorum-connect-sudo.XXXXXX)',
      'cp -a /etc/sudoers.d "$d/sudoers.d"',
      `echo '${h2.user} ALL=(nobody) PASSWD: ALL' > "$d/sudoers.d/zz-quorum-connect-test"`,
      'chmod 0440 "$d/sudoers.d/zz-quorum-connect-test"',
      'cp -a /etc/shadow "$d/shadow"',
      `sed -i 's|^${h2.user}:[^:]*:|${h2.user}:${hash.replace(/\$/g, '\$')}:|' "$d/shadow"`,
      'mount --bind "$d/sudoers.d" /etc/sudoers.d',
      'mount --bind "$d/shadow" /etc/shadow',
    ].join('\n');
    const result = await ssh.exec(setup, { become: {} });
    expect(result).toMatchObject({ rc: 0, stderr: '' });
  });

  it('the right password: sudo answers, stdin reaches the command intact', async () => {
    const result = await ssh.exec('id -un; cat', { become: { user: 'nobody', password: 's3cret' }, stdin: 'line one\nline two\n' });
    expect(result).toEqual({ rc: 0, stdout: 'nobody\nline one\nline two\n', stderr: '' });
  });

  it.each<[string, ExecOptions['become'], string]>([
    ['no password given', { user: 'nobody' }, 'h2: sudo asks for a password to become nobody, and none was given'],
    ['a wrong password', { user: 'nobody', password: 'wrong' }, 'h2: sudo refused the become password for nobody'],
  ])('%s: a BecomeError that says so', async (_title, become, message) => {
    const err = await ssh.exec('true', { become, stdin: 'not a password\n' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BecomeError);
    expect((err as BecomeError).message).toBe(message);
  });
});

describe('forwardOut and the pool', () => {
  it('opens a TCP stream from the host (here to h2 sshd, which greets with its banner)', async () => {
    const ssh = connect(labVars(h1)) as SshConnection;
    const stream = await ssh.forwardOut(h2.address, h2.port);
    const banner = await new Promise<string>((resolve) => stream.once('data', (d: Buffer) => resolve(d.toString())));
    stream.destroy();
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
  });

  it('says why a tunnel cannot be opened', async () => {
    const ssh = connect(labVars(h1));
    await expect(ssh.forwardOut?.(h2.address, 2)).rejects.toThrow(`h1: cannot open a tunnel to ${h2.address}:2: `);
    await expect(ssh.forwardOut?.(h2.address, 2)).rejects.toThrow(`(nothing listens on ${h2.address}:2 as seen from the host)`);
  });

  it('gives one connection per host, local for localhost, and closes them all', async () => {
    const vars: Record<string, HostVariables> = { h1: labVars(h1), h2: labVars(h2), localhost: {} };
    const pool = new ConnectionPool((host) => vars[host] ?? {}, { ...settings, homeDir: scratch });
    expect(pool.get('h1')).toBe(pool.get('h1'));
    const [a, b, local] = await Promise.all([pool.get('h1').exec('echo $SSH_CLIENT'), pool.get('h2').exec('echo $SSH_CLIENT'), pool.get('localhost').exec('echo local')]);
    expect(a.stdout).not.toBe(b.stdout);
    expect(local.stdout).toBe('local\n');
    await pool.closeAll();
    await pool.closeAll();
  });
});
