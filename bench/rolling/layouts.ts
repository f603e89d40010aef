import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EtcdTls } from '../../engine/etcd/endpoint-client.js';
import type { Lab } from '../../engine/lab/index.js';
import type { MemberAddress } from './member-control.js';

// The two ways the benchmark deploys and restarts a cluster. `roles`: the shipped playbooks (deploy.yml,
// rolling-restart.yml) with the lab-scaled inventory, TLS, and the service the etcd_config role defines.
// `demo`: playbooks/demo (plain HTTP, etcd started by a shell task). By hand, a member is started with the
// same command its layout's service or task runs, and stopped the same way (SIGTERM through the pidfile).

export interface ClusterLayout {
  name: 'roles' | 'demo';
  deploy: string;
  rollingRestart: string;
  /** Inventory and variables for `quorum run`. */
  runArgs(lab: Lab, block: string): string[];
  /** The admin client certificate the controller reads status with; undefined for plain HTTP. */
  tls(lab: Lab): EtcdTls | undefined;
  /** The shell command (as root) that starts the member in the background and writes its pidfile. */
  startCommand(member: MemberAddress, all: readonly MemberAddress[]): string;
}

const PIDFILE = '/run/quorum/etcd.pid';

export const rolesLayout: ClusterLayout = {
  name: 'roles',
  deploy: 'playbooks/deploy.yml',
  rollingRestart: 'playbooks/rolling-restart.yml',
  runArgs: (lab, block) => ['-i', 'inventories/lab-scaled', '-e', `quorum_lab_dir=${lab.dir}`, '-e', `quorum_lab_block=${block}`],
  tls: (lab) => {
    const pki = join(lab.dir, 'pki', 'etcd');
    return { ca: readFileSync(join(pki, 'ca.crt')), cert: readFileSync(join(pki, 'admin.crt')), key: readFileSync(join(pki, 'admin.key')) };
  },
  // The unit's ExecStart as its User and Group, detached, as the service module's pidfile back end runs it
  // (without that back end's 0.5 s check that the process did not die at once: that is the module's cost).
  startCommand: () =>
    'setsid setpriv --reuid=etcd --regid=etcd --init-groups -- /usr/local/bin/etcd --config-file /etc/etcd/etcd.conf.yml' +
    ` </dev/null >>/var/log/etcd.log 2>&1 &\necho $! > ${PIDFILE}`,
};

export const demoLayout: ClusterLayout = {
  name: 'demo',
  deploy: 'playbooks/demo/deploy-plain.yml',
  rollingRestart: 'playbooks/demo/rolling-restart.yml',
  runArgs: (lab) => ['-i', lab.inventoryFile],
  tls: () => undefined,
  // playbooks/demo/start-etcd.yml's command.
  startCommand: (member, all) =>
    [
      'mkdir -p /var/lib/etcd /run/quorum',
      `setsid etcd --name ${member.name} --data-dir /var/lib/etcd/data` +
        ` --listen-client-urls http://${member.address}:2379 --advertise-client-urls http://${member.address}:2379` +
        ` --listen-peer-urls http://${member.address}:2380 --initial-advertise-peer-urls http://${member.address}:2380` +
        ` --initial-cluster ${all.map((m) => `${m.name}=http://${m.address}:2380`).join(',')} --initial-cluster-state new` +
        ' --logger zap --log-outputs /var/log/etcd.log </dev/null >/dev/null 2>&1 &',
      `echo $! > ${PIDFILE}`,
    ].join('\n'),
};
