// A host of a play as the planner sees it: its inventory name, the address Ansible would connect to, and the
// cluster it belongs to (see fleet.ts for how that is decided).

export interface PlanHost {
  /** The inventory hostname. */
  name: string;
  /** `ansible_host` (Ansible's default is the inventory hostname itself). */
  address: string;
  /** The name of the etcd cluster this host belongs to. */
  cluster: string;
}
