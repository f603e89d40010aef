import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { RunEvent } from '../../engine/events.js';
import { useTestLab } from '../support/lab.js';
import { onLabHost, parseEvents, recapOf, runQuorum } from '../support/run-cli.js';

// The etcd_certs role through `quorum run` on lab hosts (address block 127.0.43, shared with pki.test.ts,
// whose etcd uses only ports 2379/2380 there): the PKI issued once on the controller, each member's files
// copied with the contract's modes and owners, a second run that changes nothing, a member added that
// changes no other member's files, and a clear stop when the etcd user is missing.

const lab = useTestLab({ hosts: 4, block: '127.0.43', namePrefix: 'etcd-' });
const root = mkdtempSync(join(tmpdir(), 'quorum-pki-role-'));
const pkiDir = join(root, 'pki', 'etcd');
const playbook = 'test/fixtures/pki/certs.yml';

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The lab's inventory with only `members` in group etcd (the lab puts every host there). */
function inventoryWith(members: string[]): string {
  const inventory = parse(readFileSync(lab().inventoryFile, 'utf8')) as { all: { children: { etcd: { hosts: Record<string, null> } } } };
  inventory.all.children.etcd.hosts = Object.fromEntries(members.map((m) => [m, null]));
  const file = join(root, `inventory-${members.length}.yml`);
  writeFileSync(file, stringify(inventory, { nullStr: '' }));
  return file;
}

function certs(inventory: string, extra: string[] = []) {
  return runQuorum(['run', playbook, '-i', inventory, '--json', '-e', `etcd_pki_dir=${pkiDir}`, ...extra]);
}

/** Each task's status per host, as 'task name: status'. */
function statuses(events: readonly RunEvent[], host: string): string[] {
  return events.flatMap((e) => (e.type === 'host_result' && e.host === host && !('item' in e && e.item !== undefined) ? [`${e.task.replace('etcd_certs | ', '')}: ${e.status}`] : []));
}

const hostFiles = `cd /etc/etcd/pki && stat -c '%n %a %U:%G' ca.crt server.crt server.key peer.crt peer.key admin.crt admin.key && stat -c '%a %U' . && sha256sum * | sort`;

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

describe('the etcd_certs role', () => {
  const three = ['etcd-1', 'etcd-2', 'etcd-3'];
  const before = new Map<string, string>();

  it('issues the PKI once on the controller and puts each member its own files', async () => {
    const r = await certs(inventoryWith(three));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const pki = events.filter((e) => e.type === 'host_result' && e.task === 'etcd_certs | issue the cluster\'s CA and certificates on the controller');
    expect(pki.map((e) => (e.type === 'host_result' ? `${e.host} ${e.status}` : ''))).toEqual(['etcd-1 changed']);
    expect(existsSync(join(pkiDir, 'members', 'etcd-3', 'peer.key'))).toBe(true);
    for (const host of three) {
      const listing = (await onLabHost(lab(), host, hostFiles)).split('\n');
      expect(listing.slice(0, 8)).toEqual([
        'ca.crt 644 etcd:etcd',
        'server.crt 644 etcd:etcd',
        'server.key 600 etcd:etcd',
        'peer.crt 644 etcd:etcd',
        'peer.key 600 etcd:etcd',
        'admin.crt 644 root:root',
        'admin.key 600 root:root',
        '700 etcd',
      ]);
      const hashes = new Map(listing.slice(8).filter(Boolean).map((l) => l.split(/\s+/).reverse() as [string, string]));
      expect(hashes.get('server.crt')).toBe(sha256(join(pkiDir, 'members', host, 'server.crt')));
      expect(hashes.get('peer.key')).toBe(sha256(join(pkiDir, 'members', host, 'peer.key')));
      expect(hashes.get('admin.key')).toBe(sha256(join(pkiDir, 'admin.key')));
      expect(hashes.get('ca.crt')).toBe(sha256(join(pkiDir, 'ca.crt')));
      before.set(host, listing.join('\n'));
    }
  }, 120_000);

  it('changes nothing when run again (changed=0 on every member)', async () => {
    const r = await certs(inventoryWith(three));
    expect(r.code).toBe(0);
    const recap = recapOf(parseEvents(r.stdout));
    for (const host of three) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
  }, 120_000);

  it('adds a member: only its certificates are issued, and no other member file changes', async () => {
    const controllerBefore = ['ca.crt', 'admin.crt', ...three.map((h) => `members/${h}/server.crt`)].map((f) => sha256(join(pkiDir, f)));
    const r = await certs(inventoryWith([...three, 'etcd-4']), ['--diff']);
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const pki = events.find((e) => e.type === 'host_result' && e.task.includes('issue the cluster'));
    expect(pki).toMatchObject({ host: 'etcd-1', status: 'changed', msg: 'issued 2: members/etcd-4/server.crt (missing), members/etcd-4/peer.crt (missing); kept 9' });
    for (const host of three) {
      // The controller task counts on the host it ran for (as in Ansible); the member's own tasks change nothing.
      expect(statuses(events, host).filter((s) => !s.startsWith('issue the cluster')).every((s) => s.endsWith(': ok'))).toBe(true);
      expect(await onLabHost(lab(), host, hostFiles)).toBe(before.get(host));
    }
    expect(['ca.crt', 'admin.crt', ...three.map((h) => `members/${h}/server.crt`)].map((f) => sha256(join(pkiDir, f)))).toEqual(controllerBefore);
    expect(recapOf(events).get('etcd-4')).toMatchObject({ failed: 0 });
    expect((await onLabHost(lab(), 'etcd-4', 'sha256sum /etc/etcd/pki/server.crt')).split(' ')[0]).toBe(sha256(join(pkiDir, 'members/etcd-4/server.crt')));
    expect(r.stdout).not.toContain('PRIVATE KEY');
  }, 120_000);

  it('in check mode on a new PKI dir, says what would be issued and writes nothing', async () => {
    const fresh = join(root, 'pki', 'fresh');
    const r = await runQuorum(['run', playbook, '-i', inventoryWith(three), '--json', '--check', '-e', `etcd_pki_dir=${fresh}`]);
    expect(r.code).toBe(0);
    const events = parseEvents(r.stdout);
    const pki = events.find((e) => e.type === 'host_result' && e.task.includes('issue the cluster'));
    expect(pki).toMatchObject({ status: 'changed' });
    expect(existsSync(fresh)).toBe(false);
    expect(statuses(events, 'etcd-2')).toContain('certificates: skipped');
  }, 120_000);

  it('refuses, through the executor, an etcd_pki task that is not delegated to the controller', async () => {
    const elsewhere = join(root, 'pki', 'never');
    const r = await runQuorum(['run', 'test/fixtures/pki/not-delegated.yml', '-i', inventoryWith(three), '--json', '-e', `etcd_pki_dir=${elsewhere}`]);
    expect(r.code).toBe(2);
    const failed = parseEvents(r.stdout).find((e) => e.type === 'host_result' && e.status === 'failed');
    expect(failed).toMatchObject({
      host: 'etcd-1',
      msg: "etcd_pki keeps the cluster's CA and keys on the controller: run the task with delegate_to: localhost, run_once: true and become: false (it was about to run on etcd-1)",
    });
    expect(existsSync(elsewhere)).toBe(false);
  }, 120_000);

  it('stops a member without the etcd user with a message that says what to run first', async () => {
    await onLabHost(lab(), 'etcd-4', 'userdel etcd');
    const r = await certs(inventoryWith([...three, 'etcd-4']));
    expect(r.code).toBe(2);
    const events = parseEvents(r.stdout);
    const failed = events.find((e) => e.type === 'host_result' && e.host === 'etcd-4' && e.status === 'failed');
    expect(failed).toMatchObject({
      task: 'etcd_certs | the etcd user exists',
      msg: 'the etcd user does not exist on etcd-4: apply the etcd_install role first (it creates the user and group etcd, which own the keys; playbooks/deploy.yml runs etcd_install before etcd_certs)',
    });
    const recap = recapOf(events);
    for (const host of three) expect(recap.get(host)).toMatchObject({ changed: 0, failed: 0 });
  }, 120_000);
});
