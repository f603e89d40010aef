// INI host lines are split like a POSIX shell would split them (Python's shlex.split with comments on):
// quotes group words, a backslash escapes outside single quotes, and `#` starts a comment wherever a word
// is not quoted. Ansible relies on this for `host key="a value"  # comment`.

export type ShlexResult = { ok: true; words: string[] } | { ok: false; reason: string };

const WHITESPACE = ' \t\r\n';

export function shlexSplit(line: string): ShlexResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quoted = false;
  let i = 0;
  const emit = (): void => {
    if (inWord || quoted) words.push(word);
    word = '';
    inWord = false;
    quoted = false;
  };
  while (i < line.length) {
    const ch = line[i]!;
    if (WHITESPACE.includes(ch)) {
      emit();
      i += 1;
    } else if (ch === '#') {
      break;
    } else if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, reason: 'No closing quotation' };
      word += line.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (ch === '"') {
      i += 1;
      for (;;) {
        if (i >= line.length) return { ok: false, reason: 'No closing quotation' };
        const c = line[i]!;
        if (c === '"') break;
        // Inside double quotes a backslash escapes only a quote or another backslash; otherwise it stays.
        if (c === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\')) {
          word += line[i + 1]!;
          i += 2;
          continue;
        }
        if (c === '\\' && i + 1 >= line.length) return { ok: false, reason: 'No escaped character' };
        word += c;
        i += 1;
      }
      quoted = true;
      i += 1;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) return { ok: false, reason: 'No escaped character' };
      word += line[i + 1]!;
      inWord = true;
      i += 2;
    } else {
      word += ch;
      inWord = true;
      i += 1;
    }
  }
  emit();
  return { ok: true, words };
}
