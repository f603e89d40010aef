import { compilePythonRegex, expandMatch } from './python-regex.js';
import { insertLine, joinLines, splitLines, type Line } from './lines.js';

// lineinfile's edit of a file's text, as a pure function: find the line (by regexp, search string or exact
// text), replace it or insert the line where asked, or remove every matching line.

export interface LineEditRequest {
  state: 'present' | 'absent';
  line?: string | undefined;
  regexp?: string | undefined;
  search_string?: string | undefined;
  insertafter?: string | undefined;
  insertbefore?: string | undefined;
  backrefs: boolean;
  firstmatch: boolean;
}

export type LineEdit = { content: string; msg: string; found?: number } | { error: string };

type Matcher = (text: string) => RegExpExecArray | boolean;

function matcherFor(request: LineEditRequest): Matcher | string {
  if (request.regexp !== undefined) {
    const regex = compilePythonRegex(request.regexp, 'regexp');
    return typeof regex === 'string' ? regex : (text) => regex.exec(text) ?? false;
  }
  if (request.search_string !== undefined) {
    const needle = request.search_string;
    return (text) => text.includes(needle);
  }
  const wanted = request.line ?? '';
  return (text) => text === wanted;
}

function insertionIndex(lines: readonly Line[], request: LineEditRequest): number | string {
  const anchor = request.insertbefore ?? request.insertafter;
  if (anchor === 'BOF') return 0;
  if (anchor === undefined || (request.insertafter !== undefined && anchor === 'EOF')) return lines.length;
  const regex = compilePythonRegex(anchor, request.insertbefore !== undefined ? 'insertbefore' : 'insertafter');
  if (typeof regex === 'string') return regex;
  let found = -1;
  for (let i = 0; i < lines.length; i++) {
    if (!regex.test(lines[i]!.text)) continue;
    found = request.insertbefore !== undefined ? i : i + 1;
    if (request.firstmatch) break;
  }
  return found < 0 ? lines.length : found;
}

function present(lines: Line[], request: LineEditRequest, matcher: Matcher): LineEdit {
  const line = request.line ?? '';
  let matchIndex = -1;
  let match: RegExpExecArray | boolean = false;
  for (let i = 0; i < lines.length; i++) {
    const m = matcher(lines[i]!.text);
    if (!m) continue;
    matchIndex = i;
    match = m;
    if (request.firstmatch) break;
  }
  if (matchIndex >= 0) {
    const replacement = request.backrefs && typeof match !== 'boolean' ? expandMatch(line, match) : line;
    if (lines[matchIndex]!.text === replacement) return { content: joinLines(lines), msg: '' };
    const edited = lines.map((l, i) => (i === matchIndex ? { text: replacement, eol: l.eol === '' ? '\n' : l.eol } : l));
    return { content: joinLines(edited), msg: 'line replaced' };
  }
  // With backrefs and no match Ansible leaves the file alone; with a regexp, a line already present as is counts.
  if (request.backrefs || lines.some((l) => l.text === line)) return { content: joinLines(lines), msg: '' };
  const index = insertionIndex(lines, request);
  if (typeof index === 'string') return { error: index };
  return { content: joinLines(insertLine(lines, index, line)), msg: 'line added' };
}

export function editLines(content: string, request: LineEditRequest): LineEdit {
  const matcher = matcherFor(request);
  if (typeof matcher === 'string') return { error: matcher };
  const lines = splitLines(content);
  if (request.state === 'present') return present(lines, request, matcher);
  const kept = lines.filter((l) => !matcher(l.text));
  const found = lines.length - kept.length;
  return { content: joinLines(kept), msg: found > 0 ? `${found} line(s) removed` : '', found };
}
