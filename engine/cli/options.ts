// Small helpers for options that Ansible users type several times (-i, -e, --cluster-state).

/** Commander collector for repeatable options: `-i a -i b` gives ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
