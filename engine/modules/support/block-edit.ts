import { compilePythonRegex } from './python-regex.js';
import { joinLines, splitLines, type Line } from './lines.js';

// blockinfile's edit of a file's text, as a pure function: the lines between two marker lines replaced by
// the block (inserted where asked when the markers are not there yet), or removed with their markers.

export interface BlockEditRequest {
  state: 'present' | 'absent';
  block: string;
  markerBegin: string;
  markerEnd: string;
  insertafter?: string | undefined;
  insertbefore?: string | undefined;
}

export type BlockEdit = { content: string; msg: string } | { error: string };

function lastIndex(lines: readonly Line[], text: string): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i]!.text === text) return i;
  return -1;
}

function insertionIndex(lines: readonly Line[], request: BlockEditRequest): number | string {
  const anchor = request.insertbefore ?? request.insertafter;
  if (anchor === undefined || (request.insertafter !== undefined && anchor === 'EOF')) return lines.length;
  if (request.insertbefore === 'BOF') return 0;
  const regex = compilePythonRegex(anchor, request.insertbefore !== undefined ? 'insertbefore' : 'insertafter');
  if (typeof regex === 'string') return regex;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (regex.test(lines[i]!.text)) return request.insertbefore !== undefined ? i : i + 1;
  }
  return lines.length;
}

export function editBlock(content: string, request: BlockEditRequest): BlockEdit {
  const lines = splitLines(content).map((l) => ({ ...l }));
  const blockLines: Line[] =
    request.state === 'present' && request.block !== ''
      ? [request.markerBegin, ...request.block.replace(/\n$/, '').split('\n'), request.markerEnd].map((text) => ({ text, eol: '\n' }))
      : [];
  const begin = lastIndex(lines, request.markerBegin);
  const end = lastIndex(lines, request.markerEnd);
  let at: number;
  if (begin < 0 || end < 0) {
    const index = insertionIndex(lines, request);
    if (typeof index === 'string') return { error: index };
    at = index;
  } else {
    const [first, last] = begin < end ? [begin, end] : [end, begin];
    lines.splice(first, last - first + 1);
    at = first;
  }
  const previous = lines[at - 1];
  if (blockLines.length > 0 && previous && previous.eol === '') previous.eol = '\n';
  lines.splice(at, 0, ...blockLines);
  const result = joinLines(lines);
  if (result === content) return { content, msg: '' };
  return { content: result, msg: blockLines.length > 0 ? 'Block inserted' : 'Block removed' };
}
