import { stringify } from 'yaml';
import type { LabHost } from './types.js';

export interface InventoryInput {
  hosts: readonly LabHost[];
  user: string;
  privateKeyFile: string;
  knownHostsFile: string;
}

/** The shape of the inventory `up` writes (Ansible's YAML inventory format). */
interface LabInventory {
  all: {
    vars: {
      ansible_user: string;
      ansible_ssh_private_key_file: string;
      ansible_ssh_common_args: string;
      quorum_known_hosts_file: string;
      ansible_python_interpreter: string;
    };
    children: {
      lab: { hosts: Record<string, { ansible_host: string; ansible_port: number }> };
      etcd: { hosts: Record<string, null> };
    };
  };
}

/**
 * The lab's inventory, for quorum and for ansible-playbook alike: group `lab` holds every host with its
 * address, and group `etcd` (the group the playbooks act on, as in Kubespray) holds them all too. Host keys
 * are checked strictly against the lab's own known_hosts file, so that neither tool ever writes to the
 * user's ~/.ssh/known_hosts.
 */
export function renderInventory(input: InventoryInput): string {
  const labHosts: LabInventory['all']['children']['lab']['hosts'] = {};
  const etcdHosts: LabInventory['all']['children']['etcd']['hosts'] = {};
  for (const host of input.hosts) {
    labHosts[host.name] = { ansible_host: host.address, ansible_port: host.port };
    etcdHosts[host.name] = null;
  }
  const inventory: LabInventory = {
    all: {
      vars: {
        ansible_user: input.user,
        ansible_ssh_private_key_file: input.privateKeyFile,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${input.knownHostsFile} -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes`,
        quorum_known_hosts_file: input.knownHostsFile,
        // The hosts share the machine's /usr: its python3 is there for ansible-playbook's modules.
        ansible_python_interpreter: '/usr/bin/python3',
      },
      children: { lab: { hosts: labHosts }, etcd: { hosts: etcdHosts } },
    },
  };
  const header = [
    '# Written by `quorum lab up`: the sandbox hosts of this lab. Rewritten at every `up`; copy it to change it.',
    '# Playbooks acting as root need `become: true` (the login user reaches root through `sudo -n`).',
  ].join('\n');
  return `${header}\n${stringify(inventory, { nullStr: '', lineWidth: 0 })}`;
}
