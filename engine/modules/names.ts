// The modules quorum implements, by their ansible.builtin names. A task may name one by its short name or
// its FQCN (ansible.builtin.copy, ansible.legacy.copy). The loader checks task module names against this
// list; each module's own file (beside this one) holds its argument schema.
export const moduleNames = [
  'command',
  'shell',
  'raw',
  'copy',
  'template',
  'file',
  'stat',
  'lineinfile',
  'blockinfile',
  'unarchive',
  'fetch',
  'service',
  'systemd',
  'wait_for',
  'assert',
  'fail',
  'debug',
  'set_fact',
  'group_by',
  'pause',
  'meta',
  'etcd_member',
  'etcd_pki',
  'group',
  'user',
  'get_url',
] as const;

export type ModuleName = (typeof moduleNames)[number];

// quorum's own modules (etcd_member, ...) also answer to their collection's name, quorum.etcd.
const fqcnPrefixes = ['ansible.builtin.', 'ansible.legacy.', 'quorum.etcd.'];

/** The short name for a module key as written in a task, or undefined when quorum has no such module. */
export function resolveModuleName(key: string): ModuleName | undefined {
  const prefix = fqcnPrefixes.find((p) => key.startsWith(p));
  const short = prefix ? key.slice(prefix.length) : key;
  return (moduleNames as readonly string[]).includes(short) ? (short as ModuleName) : undefined;
}
