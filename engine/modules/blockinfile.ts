import { defineModule } from './define.js';
import { statQuery, type PathStat } from './facts/stat.js';
import { editBlock } from './support/block-edit.js';
import { planInPlaceEdit } from './support/write-file.js';
import type { JsonObject, ModulePlan } from './types.js';

// ansible.builtin.blockinfile: a block of lines between marker lines, present or absent.

const editableLimit = 16 * 1024 * 1024;

export const blockinfileSpec = {
  options: {
    path: { type: 'path', required: true, aliases: ['dest', 'destfile', 'name'] },
    state: { type: 'str', default: 'present', choices: ['absent', 'present'] },
    marker: { type: 'str', default: '# {mark} ANSIBLE MANAGED BLOCK' },
    block: { type: 'str', default: '', aliases: ['content'] },
    insertafter: { type: 'str' },
    insertbefore: { type: 'str' },
    create: { type: 'bool', default: false },
    backup: { type: 'bool', default: false },
    marker_begin: { type: 'str', default: 'BEGIN' },
    marker_end: { type: 'str', default: 'END' },
    mode: { type: 'mode' },
    owner: { type: 'str' },
    group: { type: 'str' },
    validate: { type: 'str' },
  },
  mutuallyExclusive: [['insertbefore', 'insertafter']],
} as const;

function failure(msg: string, path: string, rc?: number): ModulePlan {
  return { changed: false, steps: [], failed: true, msg, values: { path, ...(rc !== undefined ? { rc } : {}) } };
}

export const blockinfile = defineModule<typeof blockinfileSpec, { path: PathStat }>(blockinfileSpec, {
  name: 'blockinfile',
  gather(args) {
    return { path: statQuery(args.path, { checksum: true, contentLimit: editableLimit, follow: true }) };
  },
  plan(args, facts, _local, ctx) {
    const { path } = args;
    const current = facts.path;
    if (!current.exists) {
      if (args.state === 'absent') return { changed: false, steps: [], msg: 'File not present', values: { path } };
      if (!args.create) return failure(`Path ${path} does not exist !`, path, 257);
    } else if (current.kind !== 'file') {
      return failure(`Path ${path} is a ${current.kind}, not a file !`, path, 256);
    } else if (current.content === undefined) {
      return failure(`${path} is larger than ${editableLimit} bytes or not readable; blockinfile edits text files`, path);
    }
    const edit = editBlock(current.content ?? '', {
      state: args.state,
      block: args.block,
      markerBegin: args.marker.replace('{mark}', args.marker_begin),
      markerEnd: args.marker.replace('{mark}', args.marker_end),
      insertafter: args.insertafter,
      insertbefore: args.insertbefore,
    });
    if ('error' in edit) return failure(edit.error, path);
    if (!current.exists && edit.content === '') return { changed: false, steps: [], msg: '', values: { path } };
    const plan = planInPlaceEdit(path, edit.content, args, current, ctx);
    if (plan.failed) return plan;
    const contentChanged = !current.exists || edit.content !== current.content;
    const msg = contentChanged ? (current.exists ? edit.msg : 'File created') : plan.changed ? 'ownership, perms or SE linux context changed' : '';
    const values: JsonObject = { ...plan.values, msg };
    return { ...plan, msg, values };
  },
});
