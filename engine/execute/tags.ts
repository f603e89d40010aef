// Which tasks run under --tags and --skip-tags, with Ansible's special tags: always, never, all, tagged,
// untagged. A task's tags are its own plus those inherited from its block, role and play.

export interface TagSelection {
  /** --tags; empty means Ansible's default, `all`. */
  only: readonly string[];
  /** --skip-tags. */
  skip: readonly string[];
}

const untagged = 'untagged';

export function shouldRunTask(taskTags: readonly string[], selection: TagSelection): boolean {
  const tags = new Set(taskTags.length === 0 ? [untagged] : taskTags);
  const only = new Set(selection.only.length === 0 ? ['all'] : selection.only);
  const skip = new Set(selection.skip);
  const isUntagged = tags.size === 1 && tags.has(untagged);
  const intersects = (set: Set<string>) => [...tags].some((t) => set.has(t));

  let run: boolean;
  if (tags.has('always')) run = true;
  else if (only.has('all') && !tags.has('never')) run = true;
  else if (intersects(only)) run = true;
  else run = only.has('tagged') && !isUntagged && !tags.has('never');

  if (run && skip.size > 0) {
    if (skip.has('all')) run = tags.has('always') && !skip.has('always');
    else if (intersects(skip)) run = false;
    else if (skip.has('tagged') && !isUntagged) run = false;
  }
  return run;
}
