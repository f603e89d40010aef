import { describe, expect, it } from 'vitest';
import { checkEnvironment, checkUserArgs, connectionFlags, hostCommand, printEnvText } from '../../../engine/etcdctl/etcdctl-args.js';

const certs = { ca: '/pki/ca.crt', cert: '/pki/admin.crt', key: '/pki/my key' };
const two = ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'];

function thrownBy(action: () => void): { message?: string; hint?: string; exitCode?: number } | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return error as { message: string; hint: string; exitCode: number };
  }
}

describe('connectionFlags', () => {
  it.each([
    { endpoints: two, certs: undefined, flags: ['--endpoints', two.join(',')] },
    { endpoints: two.slice(0, 1), certs, flags: ['--endpoints', two[0], '--cacert', '/pki/ca.crt', '--cert', '/pki/admin.crt', '--key', '/pki/my key'] },
  ])('$endpoints with certs $certs', ({ endpoints, certs: c, flags }) => {
    expect(connectionFlags(endpoints, c)).toEqual(flags);
  });
});

describe('printEnvText', () => {
  it.each([
    { certs: undefined, text: `export ETCDCTL_API=3\nexport ETCDCTL_ENDPOINTS=${two.join(',')}\n` },
    {
      certs,
      text: `export ETCDCTL_API=3\nexport ETCDCTL_ENDPOINTS=${two.join(',')}\nexport ETCDCTL_CACERT=/pki/ca.crt\nexport ETCDCTL_CERT=/pki/admin.crt\nexport ETCDCTL_KEY='/pki/my key'\n`,
    },
  ])('with certs $certs', ({ certs: c, text }) => {
    expect(printEnvText(two, c)).toBe(text);
  });
});

describe('hostCommand', () => {
  it.each([
    { tls: false, args: ['member', 'list'], command: `ETCDCTL_API=3 etcdctl --endpoints ${two.join(',')} member list` },
    {
      tls: true,
      args: ['put', 'k', "it's"],
      command: `ETCDCTL_API=3 etcdctl --endpoints ${two.join(',')} --cacert /etc/etcd/pki/ca.crt --cert /etc/etcd/pki/admin.crt --key /etc/etcd/pki/admin.key put k 'it'\\''s'`,
    },
  ])('tls $tls, $args', ({ tls, args, command }) => {
    expect(hostCommand(two, tls, args)).toBe(command);
  });
});

describe('checkEnvironment', () => {
  it.each([
    { env: {}, withCerts: true, message: undefined },
    { env: { ETCDCTL_CACERT: '/x' }, withCerts: false, message: undefined },
    { env: { ETCDCTL_ENDPOINTS: '' }, withCerts: false, message: 'ETCDCTL_ENDPOINTS is set in this shell, and quorum etcdctl passes --endpoints: etcdctl refuses to run with both' },
    {
      env: { ETCDCTL_ENDPOINTS: 'a', ETCDCTL_KEY: 'k' },
      withCerts: true,
      message: 'ETCDCTL_ENDPOINTS, ETCDCTL_KEY are set in this shell, and quorum etcdctl passes --endpoints, --key: etcdctl refuses to run with both',
    },
  ])('$env (certs: $withCerts)', ({ env, withCerts, message }) => {
    const error = thrownBy(() => checkEnvironment(env, withCerts));
    expect(error?.message).toBe(message);
    if (message) expect(error).toMatchObject({ exitCode: 5, hint: expect.stringMatching(/^unset ETCDCTL_ENDPOINTS/) });
  });
});

describe('checkUserArgs', () => {
  it.each([
    { args: ['member', 'list', '-w', 'json'], message: undefined },
    { args: ['get', '--prefix', '/registry'], message: undefined },
    { args: ['--endpoints=http://x:2379', 'member', 'list'], message: 'quorum etcdctl sets --endpoints from the inventory, and the arguments after -- set it again' },
    { args: ['--cacert', 'a', '--key', 'b', 'get', 'k'], message: 'quorum etcdctl sets --cacert, --key from the inventory, and the arguments after -- set them again' },
  ])('$args', ({ args, message }) => {
    expect(thrownBy(() => checkUserArgs(args))?.message).toBe(message);
  });
});
