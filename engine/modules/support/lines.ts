// A text file as a list of lines that keep their own terminators, so that editing one line leaves every other
// byte of the file as it was.

export interface Line {
  text: string;
  /** '\n', '\r\n', or '' for a last line without one. */
  eol: string;
}

export function splitLines(content: string): Line[] {
  const lines: Line[] = [];
  const pattern = /([^\n]*?)(\r?\n)/y;
  let at = 0;
  for (let m = pattern.exec(content); m; m = pattern.exec(content)) {
    lines.push({ text: m[1]!, eol: m[2]! });
    at = pattern.lastIndex;
  }
  if (at < content.length) lines.push({ text: content.slice(at), eol: '' });
  return lines;
}

export function joinLines(lines: readonly Line[]): string {
  return lines.map((l) => l.text + l.eol).join('');
}

/** Inserts a line (with '\n') at `index`, first ending a last line that has no terminator. */
export function insertLine(lines: readonly Line[], index: number, text: string): Line[] {
  const result = lines.map((l) => ({ ...l }));
  const previous = result[index - 1];
  if (previous && previous.eol === '') previous.eol = '\n';
  result.splice(index, 0, { text, eol: '\n' });
  return result;
}
