// Splits a command line into words the way a POSIX shell (and Python's shlex, which Ansible uses for
// ansible_ssh_common_args) does: single quotes are literal, double quotes allow \" \\ \$ \` escapes,
// a backslash outside quotes escapes the next character. No expansion of any kind happens.

export type SplitResult = { ok: true; words: string[] } | { ok: false; error: string };

export function splitShellWords(line: string): SplitResult {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) word += line[++i];
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= line.length) return { ok: false, error: 'a backslash ends the line' };
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) return { ok: false, error: `a ${quote === "'" ? 'single' : 'double'} quote is never closed` };
  if (inWord) words.push(word);
  return { ok: true, words };
}
