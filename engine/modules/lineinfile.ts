import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { editLines } from './support/line-edit.js';
import { planInPlaceEdit } from './support/write-file.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.lineinfile: one line of a text file, present (replaced or inserted) or absent.

/** lineinfile reads the whole file to edit it; larger files are refused rather than truncated. */
const editableLimit = 16 * 1024 * 1024;

export const lineinfileSpec = {
  options: {
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    regexp: { type: 'str', aliases: ['regex'] },
    search_string: { type: 'str' },
    line: { type: 'str', aliases: ['value'] },
    backrefs: { type: 'bool', default: false },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    firstmatch: { type: 'bool', default: false },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
    validate: { type: 'str' },
  },
  mutuallyExclusive: [
    ['insertbefore', 'insertafter'],
    ['regexp', 'search_string'],
    ['backrefs', 'search_string'],
  ],
} as const;

function failure(msg: string, path: string, rc?: number): ModulePlan {
  return { changed: false, steps: [], failed: true, msg, values: { path, ...(rc !== undefined ? { rc } : {}) } };
}

export const lineinfile = defineModule<typeof lineinfileSpec, { path: PathStat }>(lineinfileSpec, {
  name: 'lineinfile',
  gather(args) {
    return { path: statQuery(args.path, { checksum: true, contentLimit: editableLimit, follow: true }) };
  },
  plan(args, facts, _local, ctx) {
    const { path } = args;
    if (args.state === 'present' && args.line === undefined) return failure('line is required with state=present', path);
    if (args.state === 'absent' && args.line === undefined && args.regexp === undefined && args.search_string === undefined) {
      return failure('one of line, search_string, or regexp is required with state=absent', path);
    }
    if (args.backrefs && args.regexp === undefined) return failure('regexp is required with backrefs=true', path);
    const current = facts.path;
    if (!current.exists) {
      if (args.state === 'absent') return { changed: false, steps: [], msg: 'file not present', values: { path } };
      if (!args.create) return failure(`Destination ${path} does not exist !`, path, 257);
    } else if (current.kind !== 'file') {
      return failure(`${path} is a ${current.kind}, not a file`, path);
    } else if (current.content === undefined) {
      return failure(`${path} is larger than ${editableLimit} bytes or not readable; lineinfile edits text files`, path);
    }
    const edit = editLines(current.content ?? '', args);
    if ('error' in edit) return failure(edit.error, path);
    const plan = planInPlaceEdit(path, edit.content, args, current, ctx);
    const contentChanged = edit.content !== (current.content ?? '') || !current.exists;
    const msg = contentChanged ? edit.msg || 'file created' : plan.changed ? 'ownership, perms or SE linux context changed' : '';
    const values: JsonObject = { ...plan.values, msg, ...(edit.found !== undefined ? { found: edit.found } : {}) };
    if (values['backup_file'] !== undefined) values['backup'] = values['backup_file'];
    if (plan.failed) return plan;
    return { ...plan, msg, values };
  },
});
